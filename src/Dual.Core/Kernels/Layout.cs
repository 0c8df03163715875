namespace Dual.Kernels;

/// <summary>Kernels that move values without arithmetic: strided copies (transpose, broadcast, slice), placement (pad, concat), gather.</summary>
internal static class Layout
{
    /// <summary>y = x read with per-axis strides (aligned to y's shape) from a start offset; prepared once per step.</summary>
    internal sealed class CopyLoop
    {
        private readonly StridedLoop _loop;
        private readonly int _offset;

        private CopyLoop(Shape y, int[] sourceStrides, int offset)
        {
            _loop = new StridedLoop(y.Dims, y.Strides(), sourceStrides);
            _offset = offset;
        }

        /// <summary>y axis i is x axis perm[i].</summary>
        public static CopyLoop Transpose(Shape x, ReadOnlySpan<int> perm, Shape y)
        {
            var xs = x.Strides();
            var src = new int[perm.Length];
            for (var i = 0; i < perm.Length; i++) src[i] = xs[perm[i]];
            return new CopyLoop(y, src, 0);
        }

        /// <summary>x repeated to y's shape.</summary>
        public static CopyLoop Broadcast(Shape x, Shape y) => new(y, StridedLoop.BroadcastStrides(x, y.Rank), 0);

        /// <summary>The block of x at <paramref name="starts"/> with y's shape.</summary>
        public static CopyLoop Slice(Shape x, ReadOnlySpan<int> starts, Shape y)
        {
            var xs = x.Strides();
            var offset = 0;
            for (var i = 0; i < starts.Length; i++) offset += starts[i] * xs[i];
            return new CopyLoop(y, xs, offset);
        }

        public void Run(ReadOnlySpan<double> x, Span<double> y)
        {
            if (y.Length == 0) return;
            var n = _loop.InnerLength;
            var sx = _loop.InnerStrides[1];
            var offsets = _loop.Offsets;
            for (var r = 0; r < _loop.Rows; r++)
            {
                int oy = offsets[2 * r], ox = offsets[2 * r + 1] + _offset;
                var yr = y.Slice(oy, n);
                if (sx == 1) x.Slice(ox, n).CopyTo(yr);
                else if (sx == 0) yr.Fill(x[ox]);
                else for (var i = 0; i < n; i++) yr[i] = x[ox + i * sx];
            }
        }
    }

    /// <summary>Writes x into the block of y at given starts, leaving the rest of y as it is; prepared once per step.</summary>
    internal sealed class PlaceLoop
    {
        private readonly StridedLoop _loop;
        private readonly int _offset;

        public PlaceLoop(Shape x, Shape y, ReadOnlySpan<int> starts)
        {
            var ys = y.Strides();
            for (var i = 0; i < starts.Length; i++) _offset += starts[i] * ys[i];
            _loop = new StridedLoop(x.Dims, x.Strides(), ys);
        }

        public void Run(ReadOnlySpan<double> x, Span<double> y)
        {
            if (x.Length == 0) return;
            var n = _loop.InnerLength;
            var sy = _loop.InnerStrides[1];
            var offsets = _loop.Offsets;
            for (var r = 0; r < _loop.Rows; r++)
            {
                int ox = offsets[2 * r], oy = offsets[2 * r + 1] + _offset;
                if (sy == 1) x.Slice(ox, n).CopyTo(y.Slice(oy, n));
                else for (var i = 0; i < n; i++) y[oy + i * sy] = x[ox + i];
            }
        }
    }

    /// <summary>
    /// y[o, j, i] = x[o, idx[j], i] where o runs over the axes before <paramref name="axis"/>, i over those after.
    /// </summary>
    public static void Gather(ReadOnlySpan<double> x, Shape xShape, int axis, ReadOnlySpan<double> indices, Span<double> y)
    {
        var (outer, size, inner) = Split(xShape, axis);
        var m = indices.Length;
        for (var o = 0; o < outer; o++)
            for (var j = 0; j < m; j++)
            {
                var k = CheckIndex(indices[j], size, axis);
                x.Slice((o * size + k) * inner, inner).CopyTo(y.Slice((o * m + j) * inner, inner));
            }
    }

    /// <summary>y = zeros of y's shape, then y[o, idx[j], i] += u[o, j, i] (repeated indices add up).</summary>
    public static void ScatterAdd(ReadOnlySpan<double> u, Shape yShape, int axis, ReadOnlySpan<double> indices, Span<double> y)
    {
        y.Clear();
        var (outer, size, inner) = Split(yShape, axis);
        var m = indices.Length;
        for (var o = 0; o < outer; o++)
            for (var j = 0; j < m; j++)
            {
                var k = CheckIndex(indices[j], size, axis);
                var dst = y.Slice((o * size + k) * inner, inner);
                System.Numerics.Tensors.TensorPrimitives.Add(dst, u.Slice((o * m + j) * inner, inner), dst);
            }
    }

    private static (int Outer, int Size, int Inner) Split(Shape shape, int axis)
    {
        int outer = 1, inner = 1;
        for (var i = 0; i < axis; i++) outer *= shape[i];
        for (var i = axis + 1; i < shape.Rank; i++) inner *= shape[i];
        return (outer, shape[axis], inner);
    }

    private static int CheckIndex(double value, int size, int axis)
    {
        var k = (int)value;
        if (k != value || k < 0 || k >= size)
            throw new IndexOutOfRangeException($"Gather index {value} is not an integer in [0, {size}) for axis {axis}.");
        return k;
    }
}
