using System.Numerics.Tensors;

namespace Dual.Kernels;

/// <summary>
/// General matrix product <c>C = op(A) · op(B)</c> on row-major blocks, where op transposes
/// when asked, so backward passes never materialise a transpose.
/// </summary>
internal static class Gemm
{
    private const long ParallelFlops = 1L << 21;

    /// <summary>
    /// C[m,n] = op(A)[m,k] · op(B)[k,n]. A is stored [m,k] (or [k,m] when <paramref name="transposeA"/>),
    /// B is stored [k,n] (or [n,k] when <paramref name="transposeB"/>). C is overwritten.
    /// </summary>
    public static void Multiply(ReadOnlyMemory<double> a, ReadOnlyMemory<double> b, Memory<double> c, int m, int k, int n, bool transposeA, bool transposeB)
    {
        c.Span.Clear();
        if (m == 0 || n == 0 || k == 0) return;
        if (2L * m * n * k < ParallelFlops || m < 2)
        {
            Rows(a.Span, b.Span, c.Span, 0, m, m, k, n, transposeA, transposeB);
            return;
        }
        // Two cores: split the rows of C, so no two threads write the same element.
        var chunks = Math.Min(Environment.ProcessorCount, m);
        Parallel.For(0, chunks, chunk =>
        {
            int start = m * chunk / chunks, end = m * (chunk + 1) / chunks;
            Rows(a.Span, b.Span, c.Span, start, end, m, k, n, transposeA, transposeB);
        });
    }

    private static void Rows(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int rowStart, int rowEnd, int m, int k, int n, bool ta, bool tb)
    {
        if (tb)
        {
            // C[i,j] = dot(op(A) row i, B row j): contiguous dot products when A is not transposed.
            Span<double> aRow = k <= 512 ? stackalloc double[k] : new double[k];
            for (var i = rowStart; i < rowEnd; i++)
            {
                if (ta) for (var p = 0; p < k; p++) aRow[p] = a[p * m + i];
                else a.Slice(i * k, k).CopyTo(aRow);
                var cRow = c.Slice(i * n, n);
                for (var j = 0; j < n; j++) cRow[j] = TensorPrimitives.Dot(aRow, b.Slice(j * k, k));
            }
            return;
        }
        // C[i,:] += op(A)[i,p] · B[p,:]: streams B's rows, vectorised along n.
        for (var i = rowStart; i < rowEnd; i++)
        {
            var cRow = c.Slice(i * n, n);
            for (var p = 0; p < k; p++)
            {
                var aip = ta ? a[p * m + i] : a[i * k + p];
                TensorPrimitives.MultiplyAdd(b.Slice(p * n, n), aip, cRow, cRow);
            }
        }
    }
}
