namespace Dual.Bench;

/// <summary>Loading the peers' weights, which are stored [out][in] (y = W·x), into Dual's [in, out] (y = x·W).</summary>
internal static class Load
{
    /// <summary>A row-major [rows, cols] array as a [cols, rows] tensor.</summary>
    public static Tensor Transposed(ReadOnlySpan<double> values, int rows, int cols)
    {
        var t = new double[values.Length];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++) t[c * rows + r] = values[r * cols + c];
        return Tensor.FromArray([cols, rows], t);
    }

    /// <summary>The rows [from, from + count) of a row-major [*, cols] array, as a [cols, count] tensor (a block of a fused weight, transposed).</summary>
    public static Tensor RowsTransposed(ReadOnlySpan<double> values, int from, int count, int cols) =>
        Transposed(values.Slice(from * cols, count * cols), count, cols);
}
