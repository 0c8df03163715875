using Onnx;
using static Dual.Onnx.OnnxGraphWriter;

namespace Dual.Onnx;

/// <summary>
/// One ONNX lowering per Dual primitive (opset <see cref="OnnxExport.OpsetVersion"/>): given the node and the value
/// names of its inputs, it adds the ONNX nodes that compute the same values and returns the name of the result.
/// Where Dual's kernel takes an exact fast path (x² as x·x, the fused GELU), the lowering spells out the same
/// arithmetic, so that float64 exports agree with Dual to rounding.
/// </summary>
internal static class OnnxLowerings
{
    /// <summary>A lowering: the writer, the node, its inputs' value names → the node's value name.</summary>
    public delegate string Lowering(OnnxGraphWriter writer, Expr node, IReadOnlyList<string> inputs);

    private const double GeluC = 0.7978845608028654;   // √(2/π), as Dual's kernel
    private const double GeluA = 0.044715;

    /// <summary>Every primitive ONNX can express, with its lowering.</summary>
    public static IReadOnlyDictionary<OpKind, Lowering> Table { get; } = new Dictionary<OpKind, Lowering>
    {
        [OpKind.Neg] = Same("Neg"),
        [OpKind.Exp] = Same("Exp"),
        [OpKind.Log] = Same("Log"),
        [OpKind.Tanh] = Same("Tanh"),
        [OpKind.Sigmoid] = Same("Sigmoid"),
        [OpKind.Sqrt] = Same("Sqrt"),
        [OpKind.Abs] = Same("Abs"),
        [OpKind.Sign] = Same("Sign"),
        [OpKind.StopGradient] = Same("Identity"),
        [OpKind.Pow] = Pow,
        [OpKind.Add] = Same("Add"),
        [OpKind.Sub] = Same("Sub"),
        [OpKind.Mul] = Same("Mul"),
        [OpKind.Div] = Same("Div"),
        [OpKind.Greater] = Comparison("Greater"),
        [OpKind.GreaterEqual] = Comparison("GreaterOrEqual"),
        [OpKind.Equal] = Comparison("Equal"),
        [OpKind.Where] = (w, _, x) => w.Node("Where", [w.Node("Cast", x[0], Int("to", (long)TensorProto.Types.DataType.Bool)), x[1], x[2]]),
        [OpKind.Sum] = Reduction("ReduceSum"),
        [OpKind.Max] = Reduction("ReduceMax"),
        [OpKind.MatMul] = MatMul,
        [OpKind.Reshape] = (w, y, x) => w.Node("Reshape", [x[0], w.Int64s(Longs(y.Shape.Dims))], Int("allowzero", 1)),
        [OpKind.Transpose] = (w, y, x) => w.Node("Transpose", x[0], Ints("perm", Longs(y.AttributeAs<PermutationAttribute>().Permutation.AsSpan()))),
        [OpKind.BroadcastTo] = (w, y, x) => w.Node("Expand", [x[0], w.Int64s(Longs(y.Shape.Dims))]),
        [OpKind.Slice] = Slice,
        [OpKind.Pad] = (w, y, x) =>
        {
            var pad = y.AttributeAs<PadAttribute>();
            return w.Node("Pad", [x[0], w.Int64s([.. Longs(pad.Before.AsSpan()), .. Longs(pad.After.AsSpan())]), w.Scalar(0)]);
        },
        [OpKind.Concat] = (w, y, x) => w.Node("Concat", x, Int("axis", y.AttributeAs<AxisAttribute>().Axis)),
        [OpKind.Gather] = (w, y, x) =>
            w.Node("Gather", [x[0], w.Node("Cast", x[1], Int("to", (long)TensorProto.Types.DataType.Int64))], Int("axis", y.AttributeAs<AxisAttribute>().Axis)),
        [OpKind.ScatterAdd] = ScatterAdd,
        [OpKind.Gelu] = Gelu,
        [OpKind.GeluDerivative] = GeluDerivative,
    };

    private static Lowering Same(string opType) => (w, _, x) => w.Node(opType, x);

    // ONNX comparisons give booleans; Dual's give 1 or 0 of the element type.
    private static Lowering Comparison(string opType) =>
        (w, _, x) => w.Node("Cast", w.Node(opType, x), Int("to", (long)w.FloatType));

    private static Lowering Reduction(string opType) => (w, y, x) =>
    {
        var axes = y.AttributeAs<AxesAttribute>();
        // ONNX reduces every axis when given none; Dual's reduction over no axes is the identity.
        return axes.Axes.Length == 0
            ? w.Node("Identity", x[0])
            : w.Node(opType, [x[0], w.Int64s(Longs(axes.Axes.AsSpan()))], Int("keepdims", axes.KeepDims ? 1 : 0));
    };

    // x^p with the fast paths of Dual's kernel (Kernels.Elementwise.Power), so that float64 results agree to rounding.
    private static string Pow(OnnxGraphWriter w, Expr y, IReadOnlyList<string> x)
    {
        var p = y.AttributeAs<ExponentAttribute>().Exponent;
        return p switch
        {
            1 => w.Node("Identity", x[0]),
            2 => w.Node("Mul", [x[0], x[0]]),
            3 => w.Node("Mul", [w.Node("Mul", [x[0], x[0]]), x[0]]),
            -2 => w.Node("Div", [w.Scalar(1), w.Node("Mul", [x[0], x[0]])]),
            0.5 => w.Node("Sqrt", x[0]),
            -1 => w.Node("Div", [w.Scalar(1), x[0]]),
            _ => w.Node("Pow", [x[0], w.Scalar(p)]),
        };
    }

    // Dual reads either operand transposed on its last two axes; ONNX MatMul does not, so the transpose is explicit.
    private static string MatMul(OnnxGraphWriter w, Expr y, IReadOnlyList<string> x)
    {
        var flags = y.AttributeAs<MatMulAttribute>();
        var a = flags.TransposeA ? SwapLastTwo(w, x[0], y.Inputs[0].Rank) : x[0];
        var b = flags.TransposeB ? SwapLastTwo(w, x[1], y.Inputs[1].Rank) : x[1];
        return w.Node("MatMul", [a, b]);
    }

    private static string SwapLastTwo(OnnxGraphWriter w, string x, int rank)
    {
        var perm = Enumerable.Range(0, rank).Select(i => (long)i).ToArray();
        (perm[^1], perm[^2]) = (perm[^2], perm[^1]);
        return w.Node("Transpose", x, Ints("perm", perm));
    }

    private static string Slice(OnnxGraphWriter w, Expr y, IReadOnlyList<string> x)
    {
        var slice = y.AttributeAs<SliceAttribute>();
        var ends = slice.Starts.Zip(slice.Sizes, (s, n) => (long)s + n).ToArray();
        var axes = Enumerable.Range(0, slice.Starts.Length).Select(i => (long)i).ToArray();
        return w.Node("Slice", [x[0], w.Int64s(Longs(slice.Starts.AsSpan())), w.Int64s(ends), w.Int64s(axes)]);
    }

    // y = zeros, then y[o, idx[j], i] += u[o, j, i]: on [O, M, I] views (outer, index and inner axes flattened) this is
    // ScatterElements with reduction "add" on axis 1, its indices the index vector broadcast over O and I.
    private static string ScatterAdd(OnnxGraphWriter w, Expr y, IReadOnlyList<string> x)
    {
        var (axis, size) = y.AttributeAs<ScatterAttribute>();
        Shape u = y.Inputs[0].Shape, idx = y.Inputs[1].Shape;
        long outer = Product(u.Dims[..axis]), m = idx.Size, inner = Product(u.Dims[(axis + idx.Rank)..]);
        var updates = w.Node("Reshape", [x[0], w.Int64s(outer, m, inner)], Int("allowzero", 1));
        var indices = w.Node("Cast", x[1], Int("to", (long)TensorProto.Types.DataType.Int64));
        indices = w.Node("Reshape", [indices, w.Int64s(1, m, 1)], Int("allowzero", 1));
        indices = w.Node("Expand", [indices, w.Int64s(outer, m, inner)]);
        var zeros = w.Node("Expand", [w.Scalar(0), w.Int64s(outer, size, inner)]);
        var sum = w.Node("ScatterElements", [zeros, indices, updates], Int("axis", 1), OnnxGraphWriter.String("reduction", "add"));
        return w.Node("Reshape", [sum, w.Int64s(Longs(y.Shape.Dims))], Int("allowzero", 1));
    }

    // t = tanh(√(2/π)·(x + 0.044715·x·x·x)), in the order of Dual's fused kernel.
    private static string GeluTanh(OnnxGraphWriter w, string x)
    {
        var cube = w.Node("Mul", [w.Node("Mul", [w.Node("Mul", [w.Scalar(GeluA), x]), x]), x]);
        return w.Node("Tanh", w.Node("Mul", [w.Scalar(GeluC), w.Node("Add", [x, cube])]));
    }

    // gelu(x) = ½x·(1 + t)
    private static string Gelu(OnnxGraphWriter w, Expr y, IReadOnlyList<string> x)
    {
        var t = GeluTanh(w, x[0]);
        return w.Node("Mul", [w.Node("Mul", [w.Scalar(0.5), x[0]]), w.Node("Add", [w.Scalar(1), t])]);
    }

    // gelu′(x) = ½(1 + t) + ½x(1 − t²)·u′, u′ = √(2/π)(1 + 3·0.044715·x²)
    private static string GeluDerivative(OnnxGraphWriter w, Expr y, IReadOnlyList<string> x)
    {
        var t = GeluTanh(w, x[0]);
        var du = w.Node("Mul", [w.Scalar(GeluC), w.Node("Add", [w.Scalar(1), w.Node("Mul", [w.Node("Mul", [w.Scalar(3.0 * GeluA), x[0]]), x[0]])])]);
        var left = w.Node("Mul", [w.Scalar(0.5), w.Node("Add", [w.Scalar(1), t])]);
        var oneMinusT2 = w.Node("Sub", [w.Scalar(1), w.Node("Mul", [t, t])]);
        var right = w.Node("Mul", [w.Node("Mul", [w.Node("Mul", [w.Scalar(0.5), x[0]]), oneMinusT2]), du]);
        return w.Node("Add", [left, right]);
    }

    private static long[] Longs(ReadOnlySpan<int> values)
    {
        var result = new long[values.Length];
        for (var i = 0; i < values.Length; i++) result[i] = values[i];
        return result;
    }

    private static long Product(ReadOnlySpan<int> dims)
    {
        long p = 1;
        foreach (var d in dims) p *= d;
        return p;
    }
}
