namespace Dual.Kernels;

/// <summary>Kernels that move values without arithmetic: transpose, broadcast, slice, pad, gather.</summary>
internal static class Layout
{
    /// <summary>y = x with axes permuted: y axis i is x axis perm[i].</summary>
    public static void Transpose(ReadOnlySpan<double> x, Shape xShape, ReadOnlySpan<int> perm, Span<double> y, Shape yShape)
    {
        var xs = xShape.Strides();
        var src = new int[perm.Length];
        for (var i = 0; i < perm.Length; i++) src[i] = xs[perm[i]];
        Copy(x, src, 0, y, yShape);
    }

    /// <summary>y = x broadcast to y's shape.</summary>
    public static void BroadcastTo(ReadOnlySpan<double> x, Shape xShape, Span<double> y, Shape yShape)
    {
        if (x.Length == 1) { y.Fill(x[0]); return; }
        Copy(x, StridedLoop.BroadcastStrides(xShape, yShape.Rank), 0, y, yShape);
    }

    /// <summary>y = the block of x starting at <paramref name="starts"/> with y's shape.</summary>
    public static void Slice(ReadOnlySpan<double> x, Shape xShape, ReadOnlySpan<int> starts, Shape yShape, Span<double> y)
    {
        var xs = xShape.Strides();
        var offset = 0;
        for (var i = 0; i < starts.Length; i++) offset += starts[i] * xs[i];
        Copy(x, xs, offset, y, yShape);
    }

    /// <summary>Writes x into the block of y starting at <paramref name="starts"/>; leaves the rest of y as it is.</summary>
    public static void Place(ReadOnlySpan<double> x, Shape xShape, Span<double> y, Shape yShape, ReadOnlySpan<int> starts)
    {
        var ys = yShape.Strides();
        var offset = 0;
        for (var i = 0; i < starts.Length; i++) offset += starts[i] * ys[i];
        var loop = new StridedLoop(xShape.Dims, xShape.Strides(), ys);
        var n = loop.InnerLength;
        var sy = loop.InnerStride(1);
        var rows = loop.OuterCount;
        var offsets = new int[rows * 2];
        loop.RowOffsets(offsets);
        for (var r = 0; r < rows; r++)
        {
            int ox = offsets[2 * r], oy = offsets[2 * r + 1] + offset;
            if (sy == 1) x.Slice(ox, n).CopyTo(y.Slice(oy, n));
            else for (var i = 0; i < n; i++) y[oy + i * sy] = x[ox + i];
        }
    }

    // y (contiguous, yShape) = x read at `offset` with per-axis strides `src` (aligned to yShape).
    private static void Copy(ReadOnlySpan<double> x, int[] src, int offset, Span<double> y, Shape yShape)
    {
        if (y.Length == 0) return;
        var loop = new StridedLoop(yShape.Dims, yShape.Strides(), src);
        var n = loop.InnerLength;
        var sx = loop.InnerStride(1);
        var rows = loop.OuterCount;
        var offsets = rows * 2 <= 1024 ? stackalloc int[rows * 2] : new int[rows * 2];
        loop.RowOffsets(offsets);
        for (var r = 0; r < rows; r++)
        {
            int oy = offsets[2 * r], ox = offsets[2 * r + 1] + offset;
            var yr = y.Slice(oy, n);
            if (sx == 1) x.Slice(ox, n).CopyTo(yr);
            else if (sx == 0) yr.Fill(x[ox]);
            else for (var i = 0; i < n; i++) yr[i] = x[ox + i * sx];
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
