using System.Globalization;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace Dual.Onnx;

/// <summary>
/// Builds one ONNX graph: the value name of each Dual node, the nodes that compute them, and the constants they need.
/// Generated value names are <c>%k</c> (as <see cref="Expr.ToText"/> prints nodes); inputs and weights keep their variable names.
/// </summary>
internal sealed class OnnxGraphWriter
{
    private readonly Dictionary<string, string> _scalars = new(StringComparer.Ordinal);
    private int _next;

    public OnnxGraphWriter(OnnxElementType elementType, string graphName)
    {
        ElementType = elementType;
        Graph = new GraphProto { Name = graphName };
    }

    public GraphProto Graph { get; }

    public OnnxElementType ElementType { get; }

    /// <summary>The ONNX data type of floating-point values.</summary>
    public TensorProto.Types.DataType FloatType => ElementType == OnnxElementType.Float64 ? TensorProto.Types.DataType.Double : TensorProto.Types.DataType.Float;

    /// <summary>Adds a node <paramref name="opType"/> over <paramref name="inputs"/> and returns the name of its (one) output.</summary>
    public string Node(string opType, IReadOnlyList<string> inputs, params AttributeProto[] attributes)
    {
        var output = string.Create(CultureInfo.InvariantCulture, $"%{++_next}");
        var node = new NodeProto { OpType = opType, Name = output + " " + opType };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return output;
    }

    /// <summary>A node with one input.</summary>
    public string Node(string opType, string input, params AttributeProto[] attributes) => Node(opType, [input], attributes);

    /// <summary>Adds a node that copies <paramref name="input"/> to the value named <paramref name="output"/>.</summary>
    public void Identity(string input, string output)
    {
        var node = new NodeProto { OpType = "Identity", Name = output + " Identity" };
        node.Input.Add(input);
        node.Output.Add(output);
        Graph.Node.Add(node);
    }

    /// <summary>A rank-0 constant of the element type (one initializer per distinct value).</summary>
    public string Scalar(double value)
    {
        var key = value.ToString("R", CultureInfo.InvariantCulture);
        if (_scalars.TryGetValue(key, out var name)) return name;
        name = string.Create(CultureInfo.InvariantCulture, $"%{++_next}");
        Graph.Initializer.Add(FloatTensor(name, Shape.Scalar, [value]));
        _scalars[key] = name;
        return name;
    }

    /// <summary>A constant holding <paramref name="tensor"/> in the element type.</summary>
    public string Constant(Tensor tensor)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"%{++_next}");
        Graph.Initializer.Add(FloatTensor(name, tensor.Shape, tensor.Span));
        return name;
    }

    /// <summary>A 1-D INT64 constant (axes, shapes, starts…).</summary>
    public string Int64s(params long[] values)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"%{++_next}");
        var proto = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        proto.Dims.Add(values.Length);
        proto.Int64Data.AddRange(values);
        Graph.Initializer.Add(proto);
        return name;
    }

    /// <summary>A weight named <paramref name="name"/> holding <paramref name="tensor"/> in the element type.</summary>
    public void Initializer(string name, Tensor tensor) => Graph.Initializer.Add(FloatTensor(name, tensor.Shape, tensor.Span));

    /// <summary>A graph input (or output, with <paramref name="asOutput"/>) of <paramref name="type"/> and shape.</summary>
    public void Declare(string name, Shape shape, TensorProto.Types.DataType type, bool asOutput)
    {
        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = new TensorShapeProto() };
        foreach (var d in shape.Dims) tensorType.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        var info = new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
        (asOutput ? Graph.Output : Graph.Input).Add(info);
    }

    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Ints(string name, IEnumerable<long> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    private TensorProto FloatTensor(string name, Shape shape, ReadOnlySpan<double> values)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX raw tensor data is little-endian; this machine is not.");
        var proto = new TensorProto { Name = name, DataType = (int)FloatType };
        foreach (var d in shape.Dims) proto.Dims.Add(d);
        if (ElementType == OnnxElementType.Float64)
        {
            proto.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values));
        }
        else
        {
            var singles = new float[values.Length];
            for (var i = 0; i < values.Length; i++) singles[i] = (float)values[i];
            proto.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(singles.AsSpan()));
        }
        return proto;
    }
}
