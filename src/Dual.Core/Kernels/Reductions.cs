using System.Numerics.Tensors;

namespace Dual.Kernels;

/// <summary>Sum and max over a set of axes. The output is laid out as the input with the reduced axes set to 1.</summary>
internal static class Reductions
{
    public static void Sum(ReadOnlySpan<double> x, Shape xShape, ReadOnlySpan<int> axes, Span<double> y) =>
        Reduce(x, xShape, axes, y, 0.0, TensorPrimitives.Sum, (a, b) => a + b, TensorPrimitives.Add);

    public static void Max(ReadOnlySpan<double> x, Shape xShape, ReadOnlySpan<int> axes, Span<double> y) =>
        Reduce(x, xShape, axes, y, double.NegativeInfinity, TensorPrimitives.Max, Math.Max, TensorPrimitives.Max);

    private delegate double SpanFold(ReadOnlySpan<double> x);

    private static void Reduce(ReadOnlySpan<double> x, Shape xShape, ReadOnlySpan<int> axes, Span<double> y,
        double identity, SpanFold fold, Func<double, double, double> combineScalar, SpanZip combine)
    {
        y.Fill(identity);
        if (x.Length == 0) return;
        var rank = xShape.Rank;
        var keep = xShape.ToArray();
        foreach (var a in axes) keep[a] = 1;
        var yStrides = StridedLoop.BroadcastStrides(Shape.Create(keep), rank);
        var loop = new StridedLoop(xShape.Dims, xShape.Strides(), yStrides);
        var n = loop.InnerLength;
        var innerReduced = loop.InnerStride(1) == 0;
        var rows = loop.OuterCount;
        var offsets = rows * 2 <= 1024 ? stackalloc int[rows * 2] : new int[rows * 2];
        loop.RowOffsets(offsets);
        for (var r = 0; r < rows; r++)
        {
            int ox = offsets[2 * r], oy = offsets[2 * r + 1];
            var xr = x.Slice(ox, n);
            if (innerReduced)
            {
                y[oy] = combineScalar(y[oy], fold(xr));
            }
            else
            {
                var acc = y.Slice(oy, n);
                combine(acc, xr, acc);
            }
        }
    }
}
