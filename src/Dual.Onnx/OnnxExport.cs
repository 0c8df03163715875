using Google.Protobuf;
using Onnx;

namespace Dual.Onnx;

/// <summary>
/// Exports Dual expression graphs to ONNX. Because Dual has a closed set of primitives and every composite, layer and
/// gradient is built from them, one lowering per primitive exports any graph: a model's forward pass, or its loss and
/// all its gradients (from <see cref="Grad.Of(Expr, Expr[])"/>) as one inference graph. Variables become graph inputs,
/// or initializers when <see cref="OnnxExportOptions.Initializers"/> holds their values; each named output becomes a
/// graph output.
/// </summary>
public static class OnnxExport
{
    /// <summary>The ONNX operator set the exported models import (the default domain).</summary>
    public const int OpsetVersion = 18;

    /// <summary>The ONNX IR version written (the one that introduced opset 18).</summary>
    public const int IrVersion = 8;

    /// <summary>The primitives ONNX can express, all of which the exporter lowers.</summary>
    public static IReadOnlyCollection<OpKind> SupportedPrimitives => [.. OnnxLowerings.Table.Keys];

    /// <summary>The ONNX model computing <paramref name="outputs"/> (name → expression), in the order given.</summary>
    /// <exception cref="OnnxExportException">A primitive has no ONNX lowering, an initializer's shape is not its variable's, or output names repeat.</exception>
    public static ModelProto ToModel(IEnumerable<KeyValuePair<string, Expr>> outputs, OnnxExportOptions? options = null) =>
        ToModel(outputs, options ?? new OnnxExportOptions(), OnnxLowerings.Table);

    /// <summary>The ONNX model of one expression, its output named <paramref name="outputName"/>.</summary>
    /// <exception cref="OnnxExportException">As <see cref="ToModel(IEnumerable{KeyValuePair{string, Expr}}, OnnxExportOptions?)"/>.</exception>
    public static ModelProto ToModel(Expr output, string outputName = "y", OnnxExportOptions? options = null) =>
        ToModel([new KeyValuePair<string, Expr>(outputName, output)], options);

    /// <summary>The model's bytes (the ONNX file format).</summary>
    /// <exception cref="OnnxExportException">As <see cref="ToModel(IEnumerable{KeyValuePair{string, Expr}}, OnnxExportOptions?)"/>.</exception>
    public static byte[] ToBytes(IEnumerable<KeyValuePair<string, Expr>> outputs, OnnxExportOptions? options = null) =>
        ToModel(outputs, options).ToByteArray();

    /// <summary>Writes the model to the file at <paramref name="path"/>.</summary>
    /// <exception cref="OnnxExportException">As <see cref="ToModel(IEnumerable{KeyValuePair{string, Expr}}, OnnxExportOptions?)"/>.</exception>
    public static void Save(string path, IEnumerable<KeyValuePair<string, Expr>> outputs, OnnxExportOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var bytes = ToBytes(outputs, options);
        File.WriteAllBytes(path, bytes);
    }

    internal static ModelProto ToModel(IEnumerable<KeyValuePair<string, Expr>> outputs, OnnxExportOptions options, IReadOnlyDictionary<OpKind, OnnxLowerings.Lowering> table)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(options);
        var named = outputs.ToArray();
        if (named.Length == 0) throw new ArgumentException("There is no output to export.", nameof(outputs));
        var repeated = named.GroupBy(o => o.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw new OnnxExportException($"The output name '{repeated.Key}' is used twice.");

        var reserved = named.Select(o => o.Key).FirstOrDefault(n => n.StartsWith('%'));
        if (reserved is not null) throw new OnnxExportException($"The output name '{reserved}' starts with '%', which the exporter keeps for its own values.");

        var writer = new OnnxGraphWriter(options.ElementType, options.GraphName);
        var names = new Dictionary<Expr, string>(ReferenceEqualityComparer.Instance);
        var variables = new Dictionary<string, (Shape Shape, string Value)>(StringComparer.Ordinal);
        var order = Graph.TopologicalOrder(named.Select(o => o.Value));
        // A user-defined primitive (OpKind.Custom) is named by its own name: its forward is .NET code ONNX cannot hold.
        var unsupported = order.Where(e => !e.IsLeaf && !table.ContainsKey(e.Op))
            .Select(e => e.Definition is { IsUserDefined: true } def ? $"the user-defined primitive '{def.Name}'" : e.Op.ToString())
            .Distinct().ToArray();
        if (unsupported.Length > 0)
        {
            throw new OnnxExportException(
                $"The graph uses {string.Join(", ", unsupported)}, which ONNX cannot express (opset {OpsetVersion}); exportable primitives: {string.Join(", ", table.Keys.Order())}.");
        }

        foreach (var node in order)
        {
            names[node] = node.Op switch
            {
                OpKind.Constant => writer.Constant(node.Value!),
                OpKind.Variable => Leaf(writer, node, options, variables),
                _ => table[node.Op](writer, node, [.. node.Inputs.Select(i => names[i])]),
            };
        }

        foreach (var (name, expr) in named)
        {
            if (variables.ContainsKey(name) || options.Initializers.ContainsKey(name))
                throw new OnnxExportException($"The output name '{name}' is also the name of an input or weight of the graph.");
            writer.Identity(names[expr], name);
            writer.Declare(name, expr.Shape, writer.FloatType, asOutput: true);
        }

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "Dual",
            ProducerVersion = typeof(OnnxExport).Assembly.GetName().Version?.ToString() ?? "",
            Graph = writer.Graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        return model;
    }

    // A variable's value name: a weight, an INT64 index input cast to the element type, or a graph input. Variables of the
    // same name are one input (as when Dual evaluates them), so they must agree on the shape.
    private static string Leaf(OnnxGraphWriter writer, Expr variable, OnnxExportOptions options, Dictionary<string, (Shape Shape, string Value)> variables)
    {
        var name = variable.Name!;
        if (variables.TryGetValue(name, out var known))
        {
            return known.Shape == variable.Shape ? known.Value
                : throw new OnnxExportException($"The graph has two variables named '{name}', of shapes {known.Shape} and {variable.Shape}.");
        }
        if (name.StartsWith('%'))
            throw new OnnxExportException($"The variable name '{name}' starts with '%', which the exporter keeps for its own values.");
        string value;
        if (options.Initializers.TryGetValue(name, out var weight))
        {
            if (weight.Shape != variable.Shape)
                throw new OnnxExportException($"The weight '{name}' has shape {weight.Shape}; the graph's variable '{name}' has shape {variable.Shape}.");
            writer.Initializer(name, weight);
            value = name;
        }
        else if (options.IndexInputs.Contains(name))
        {
            writer.Declare(name, variable.Shape, TensorProto.Types.DataType.Int64, asOutput: false);
            value = writer.Node("Cast", name, OnnxGraphWriter.Int("to", (long)writer.FloatType));
        }
        else
        {
            writer.Declare(name, variable.Shape, writer.FloatType, asOutput: false);
            value = name;
        }
        variables[name] = (variable.Shape, value);
        return value;
    }
}
