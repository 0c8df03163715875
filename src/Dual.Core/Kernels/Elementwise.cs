using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Dual.Kernels;

/// <summary>Maps a span to a span of the same length.</summary>
internal delegate void SpanMap(ReadOnlySpan<double> x, Span<double> y);

/// <summary>Combines two spans elementwise.</summary>
internal delegate void SpanZip(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> y);

/// <summary>Combines a span with a scalar elementwise.</summary>
internal delegate void SpanZipScalar(ReadOnlySpan<double> a, double b, Span<double> y);

/// <summary>
/// A binary elementwise operation in the forms the broadcasting loop needs: span with span,
/// span with scalar, scalar with span, and a plain scalar function for strided rows.
/// </summary>
internal sealed record BinaryKernel(Func<double, double, double> Scalar, SpanZip Spans, SpanZipScalar SpanScalar, SpanZipScalar ScalarSpan);

/// <summary>How <see cref="Elementwise.BinaryLoop"/> walks its operands.</summary>
internal enum BinaryPath
{
    /// <summary>a, b and y have the same size: one span call.</summary>
    Same,

    /// <summary>b is one element: one span-with-scalar call.</summary>
    ScalarB,

    /// <summary>a is one element: one scalar-with-span call.</summary>
    ScalarA,

    /// <summary>One span call per row of y, each with a row of a and a row of b ([4, 3] + [3]).</summary>
    Rows,

    /// <summary>One call per row of y, each with a row of a and one element of b ([4, 3] − [4, 1]).</summary>
    RowsScalarB,

    /// <summary>One call per row of y, each with one element of a and a row of b ([4, 1] + [4, 3], [4, 1] + [1, 3]).</summary>
    RowsScalarA,
}

/// <summary>How <see cref="Elementwise.WhereLoop"/> walks its operands.</summary>
internal enum WherePath
{
    /// <summary>The condition repeats over y's leading axes (or is all of y), a and b are whole or one element: one vectorised select per repetition.</summary>
    Blocks,

    /// <summary>Any other broadcasting: a strided loop, one element at a time.</summary>
    Strided,
}

/// <summary>Elementwise kernels with NumPy broadcasting.</summary>
internal static class Elementwise
{
    public static readonly BinaryKernel Add = new((a, b) => a + b, TensorPrimitives.Add, TensorPrimitives.Add, (x, s, y) => TensorPrimitives.Add(x, s, y));
    public static readonly BinaryKernel Subtract = new((a, b) => a - b, TensorPrimitives.Subtract, TensorPrimitives.Subtract, (x, s, y) => TensorPrimitives.Subtract(s, x, y));
    public static readonly BinaryKernel Multiply = new((a, b) => a * b, TensorPrimitives.Multiply, TensorPrimitives.Multiply, (x, s, y) => TensorPrimitives.Multiply(x, s, y));
    public static readonly BinaryKernel Divide = new((a, b) => a / b, TensorPrimitives.Divide, TensorPrimitives.Divide, (x, s, y) => TensorPrimitives.Divide(s, x, y));

    /// <summary>y = f(a, b) with a, b broadcast to y's shape; the loop is prepared once per shape triple.</summary>
    internal sealed class BinaryLoop
    {
        private readonly StridedLoop? _loop;

        public BinaryLoop(Shape a, Shape b, Shape y)
        {
            // y is a and b broadcast: one operand of one element leaves y the other's size.
            if (a.Size == y.Size && b.Size == y.Size) Path = BinaryPath.Same;
            else if (b.Size == 1) Path = BinaryPath.ScalarB;
            else if (a.Size == 1) Path = BinaryPath.ScalarA;
            else
            {
                _loop = new StridedLoop(y.Dims, y.Strides(), StridedLoop.BroadcastStrides(a, y.Rank), StridedLoop.BroadcastStrides(b, y.Rank));
                // The inner row runs along y's last axis longer than 1 (merged with the axes before it where all
                // operands allow): later axes of a and b are all 1, so each operand's inner stride is 1 where it has
                // that axis and 0 where it broadcasts along it; y got the axis from a or b, so never both are 0.
                Path = _loop.InnerStrides[1] == 0 ? BinaryPath.RowsScalarA
                    : _loop.InnerStrides[2] == 0 ? BinaryPath.RowsScalarB
                    : BinaryPath.Rows;
            }
        }

        /// <summary>How <see cref="Run"/> walks the operands, chosen once here.</summary>
        public BinaryPath Path { get; }

        public void Run(BinaryKernel k, ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> y)
        {
            switch (Path)
            {
                case BinaryPath.Same:
                    // Tiny operands: a scalar loop beats vector dispatch, and + − × ÷ round the same either way.
                    if (y.Length <= 4)
                        for (var i = 0; i < y.Length; i++) y[i] = k.Scalar(a[i], b[i]);
                    else k.Spans(a, b, y);
                    break;
                case BinaryPath.ScalarB: k.SpanScalar(a, b[0], y); break;
                case BinaryPath.ScalarA: k.ScalarSpan(b, a[0], y); break;
                default: RunRows(k, a, b, y); break;
            }
        }

        private void RunRows(BinaryKernel k, ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> y)
        {
            var loop = _loop!;
            var n = loop.InnerLength;
            var offsets = loop.Offsets;
            for (var r = 0; r < loop.Rows; r++)
            {
                int oy = offsets[3 * r], oa = offsets[3 * r + 1], ob = offsets[3 * r + 2];
                var yr = y.Slice(oy, n);
                switch (Path)
                {
                    case BinaryPath.Rows: k.Spans(a.Slice(oa, n), b.Slice(ob, n), yr); break;
                    case BinaryPath.RowsScalarB: k.SpanScalar(a.Slice(oa, n), b[ob], yr); break;
                    default: k.ScalarSpan(b.Slice(ob, n), a[oa], yr); break;
                }
            }
        }
    }

    /// <summary>y = c != 0 ? a : b, all three broadcast to y's shape; prepared once per shape quadruple.</summary>
    internal sealed class WhereLoop(Shape c, Shape a, Shape b, Shape y)
    {
        private readonly StridedLoop _loop = new(y.Dims, y.Strides(), StridedLoop.BroadcastStrides(c, y.Rank),
            StridedLoop.BroadcastStrides(a, y.Rank), StridedLoop.BroadcastStrides(b, y.Rank));

        /// <summary>
        /// How <see cref="Run"/> walks the operands, chosen once here. Blocks when the condition is y's trailing axes
        /// and a and b are each whole or one element: relu's where(x > 0, x, 0) (one block) and attention's causal
        /// [T, T] mask over [B, H, T, T] (one block per head).
        /// </summary>
        public WherePath Path { get; } = c.Dims.SequenceEqual(y.Dims[(y.Rank - c.Rank)..]) && WholeOrOne(a, y) && WholeOrOne(b, y)
            ? WherePath.Blocks : WherePath.Strided;

        private static bool WholeOrOne(Shape x, Shape y) => x.Size == y.Size || x.Size == 1;

        public void Run(ReadOnlySpan<double> c, ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> y)
        {
            if (Path == WherePath.Blocks) RunBlocks(c, a, b, y);
            else RunStrided(c, a, b, y);
        }

        // One vectorised select per repetition of the condition, each over a contiguous block of y (no index arithmetic).
        private static void RunBlocks(ReadOnlySpan<double> c, ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> y)
        {
            var period = c.Length;
            bool scalarA = a.Length == 1, scalarB = b.Length == 1;
            for (var start = 0; start < y.Length; start += period)
                Select(c, scalarA ? a : a.Slice(start, period), scalarA, scalarB ? b : b.Slice(start, period), scalarB, y.Slice(start, period));
        }

        private void RunStrided(ReadOnlySpan<double> c, ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> y)
        {
            var n = _loop.InnerLength;
            int sc = _loop.InnerStrides[1], sa = _loop.InnerStrides[2], sb = _loop.InnerStrides[3];
            var offsets = _loop.Offsets;
            for (var r = 0; r < _loop.Rows; r++)
            {
                int oy = offsets[4 * r], oc = offsets[4 * r + 1], oa = offsets[4 * r + 2], ob = offsets[4 * r + 3];
                for (var i = 0; i < n; i++) y[oy + i] = c[oc + i * sc] != 0 ? a[oa + i * sa] : b[ob + i * sb];
            }
        }
    }

    // y = c != 0 ? a : b, four lanes at a time; a scalar operand (a or b of length 1) is broadcast.
    // A NaN condition counts as true and −0 as false, in the vector body and the tail alike.
    private static void Select(ReadOnlySpan<double> c, ReadOnlySpan<double> a, bool scalarA, ReadOnlySpan<double> b, bool scalarB, Span<double> y)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated && y.Length >= Vector256<double>.Count)
        {
            ref var cr = ref MemoryMarshal.GetReference(c);
            ref var ar = ref MemoryMarshal.GetReference(a);
            ref var br = ref MemoryMarshal.GetReference(b);
            ref var yr = ref MemoryMarshal.GetReference(y);
            var (av, bv) = (Vector256.Create(a[0]), Vector256.Create(b[0]));
            for (; i <= y.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var at = (nuint)i;
                var isZero = Vector256.Equals(Vector256.LoadUnsafe(ref cr, at), Vector256<double>.Zero);
                Vector256.ConditionalSelect(isZero,
                    scalarB ? bv : Vector256.LoadUnsafe(ref br, at),
                    scalarA ? av : Vector256.LoadUnsafe(ref ar, at)).StoreUnsafe(ref yr, at);
            }
        }
        for (; i < y.Length; i++) y[i] = c[i] != 0 ? a[scalarA ? 0 : i] : b[scalarB ? 0 : i];
    }

    // TensorPrimitives' vector exp/tanh/log fall back to the scalar function for a whole vector
    // when one lane is out of range, and which lanes share a vector depends on the buffer's
    // alignment: the same input could round differently from one run to the next. These wrappers
    // keep every result independent of alignment: vector code only ever sees in-range values, and
    // out-of-range positions always get the scalar function.
    public static void Exp(ReadOnlySpan<double> x, Span<double> y) => Guarded(x, y, -700, 700, 0.0, TensorPrimitives.Exp, Math.Exp);

    public static void Tanh(ReadOnlySpan<double> x, Span<double> y) => Guarded(x, y, -20, 20, 0.0, TensorPrimitives.Tanh, Math.Tanh);

    public static void Log(ReadOnlySpan<double> x, Span<double> y) => Guarded(x, y, 1e-300, 1e300, 1.0, TensorPrimitives.Log, Math.Log);

    private static void Guarded(ReadOnlySpan<double> x, Span<double> y, double low, double high, double safe,
        SpanMap vector, Func<double, double> scalar)
    {
        // Vectorised range check; NaN fails it (Min/Max/MaxMagnitude propagate NaN), so NaN takes the scalar path too.
        // A symmetric range needs one pass over x instead of two; MaxMagnitude returns the element, sign included.
        if (x.Length == 0 || (low == -high ? Math.Abs(TensorPrimitives.MaxMagnitude(x)) <= high : TensorPrimitives.Min(x) >= low && TensorPrimitives.Max(x) <= high))
        {
            vector(x, y);
            return;
        }
        // x and y may be the same span, so the out-of-range values are kept before y is written.
        var copy = x.ToArray();
        var outliers = new List<(int Index, double Value)>();
        for (var i = 0; i < copy.Length; i++)
            if (!(copy[i] >= low && copy[i] <= high))
            {
                outliers.Add((i, copy[i]));
                copy[i] = safe;
            }
        vector(copy, y);
        foreach (var (i, v) in outliers) y[i] = scalar(v);
    }

    /// <summary>
    /// σ(x) = 1 / (1 + e⁻ˣ) in the form that never overflows: e⁻ˣ for x ≥ 0, eˣ / (1 + eˣ) below. Both keep full
    /// relative precision, also deep in the tails where ½(tanh(x/2) + 1) rounds to 0. Scalar on purpose: one element's
    /// result never depends on its neighbours or the buffer's alignment (decision 0005).
    /// </summary>
    public static void Sigmoid(ReadOnlySpan<double> x, Span<double> y)
    {
        for (var i = 0; i < y.Length; i++) y[i] = OneElement.Sigmoid(x[i]);
    }

    private const int Chunk = 512;

    /// <summary>gelu(x) = ½x(1 + tanh(u)), u = √(2/π)(x + 0.044715x³).</summary>
    public static void Gelu(ReadOnlySpan<double> x, Span<double> y) => WithTanhOfInner(x, y, static (xs, ts, ys) =>
    {
        for (var i = 0; i < ys.Length; i++) ys[i] = OneElement.GeluFromTanh(xs[i], ts[i]);
    });

    /// <summary>gelu'(x) = ½(1 + t) + ½x(1 − t²)·u′, t = tanh(u), u′ = √(2/π)(1 + 3·0.044715x²).</summary>
    public static void GeluDerivative(ReadOnlySpan<double> x, Span<double> y) => WithTanhOfInner(x, y, static (xs, ts, ys) =>
    {
        for (var i = 0; i < ys.Length; i++) ys[i] = OneElement.GeluDerivativeFromTanh(xs[i], ts[i]);
    });

    private delegate void GeluCombine(ReadOnlySpan<double> x, ReadOnlySpan<double> t, Span<double> y);

    // Computes t = tanh(u(x)) a cache-sized chunk at a time (vectorised tanh) and lets `combine` finish each chunk.
    private static void WithTanhOfInner(ReadOnlySpan<double> x, Span<double> y, GeluCombine combine)
    {
        Span<double> t = stackalloc double[Chunk];
        for (var start = 0; start < x.Length; start += Chunk)
        {
            var n = Math.Min(Chunk, x.Length - start);
            var xs = x.Slice(start, n);
            var ts = t[..n];
            Inner(xs, ts);
            Tanh(ts, ts);
            combine(xs, ts, y.Slice(start, n));
        }
    }

    // u = √(2/π)(x + 0.044715x³)
    private static void Inner(ReadOnlySpan<double> x, Span<double> u)
    {
        for (var i = 0; i < x.Length; i++) u[i] = OneElement.GeluInner(x[i]);
    }

    /// <summary>y = x^p, with exact fast paths for the common exponents.</summary>
    public static void Power(ReadOnlySpan<double> x, double p, Span<double> y)
    {
        switch (p)
        {
            case 1: x.CopyTo(y); break;
            case 2: TensorPrimitives.Multiply(x, x, y); break;
            case 3:
                // x·x·x: exact to one rounding per product, and far cheaper than the general pow.
                TensorPrimitives.Multiply(x, x, y);
                TensorPrimitives.Multiply(y, x, y);
                break;
            case -2:
                TensorPrimitives.Multiply(x, x, y);
                TensorPrimitives.Divide(1.0, y, y);
                break;
            case 0.5: TensorPrimitives.Sqrt(x, y); break;
            case -1: TensorPrimitives.Divide(1.0, x, y); break;
            default: TensorPrimitives.Pow(x, p, y); break;
        }
    }

    /// <summary>y = sign(x): -1, 0 or 1 (NaN stays NaN).</summary>
    public static void Sign(ReadOnlySpan<double> x, Span<double> y)
    {
        for (var i = 0; i < x.Length; i++) y[i] = OneElement.Sign(x[i]);
    }
}
