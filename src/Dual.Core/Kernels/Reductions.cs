using System.Numerics.Tensors;

namespace Dual.Kernels;

/// <summary>
/// Sum and max over a set of axes, prepared once per input shape and axes. The output is laid
/// out as the input with the reduced axes set to 1.
/// </summary>
internal sealed class ReduceLoop
{
    private readonly StridedLoop _loop;
    private readonly bool _innerReduced;

    public ReduceLoop(Shape x, ReadOnlySpan<int> axes)
    {
        var keep = x.ToArray();
        foreach (var a in axes) keep[a] = 1;
        _loop = new StridedLoop(x.Dims, x.Strides(), StridedLoop.BroadcastStrides(Shape.Create(keep), x.Rank));
        _innerReduced = _loop.InnerStrides[1] == 0;
        Empty = x.Size == 0;
    }

    private bool Empty { get; }

    public void Sum(ReadOnlySpan<double> x, Span<double> y) => Run(x, y, 0.0, TensorPrimitives.Sum, (a, b) => a + b, TensorPrimitives.Add);

    public void Max(ReadOnlySpan<double> x, Span<double> y) => Run(x, y, double.NegativeInfinity, TensorPrimitives.Max, Math.Max, TensorPrimitives.Max);

    private delegate double SpanFold(ReadOnlySpan<double> x);

    private void Run(ReadOnlySpan<double> x, Span<double> y, double identity, SpanFold fold, Func<double, double, double> combineScalar, SpanZip combine)
    {
        y.Fill(identity);
        if (Empty) return;
        var n = _loop.InnerLength;
        var offsets = _loop.Offsets;
        for (var r = 0; r < _loop.Rows; r++)
        {
            int ox = offsets[2 * r], oy = offsets[2 * r + 1];
            var xr = x.Slice(ox, n);
            if (_innerReduced)
            {
                y[oy] = combineScalar(y[oy], n == 1 ? xr[0] : fold(xr));
            }
            else
            {
                var acc = y.Slice(oy, n);
                combine(acc, xr, acc);
            }
        }
    }
}
