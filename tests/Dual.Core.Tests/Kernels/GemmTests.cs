using Dual.Kernels;
using MathNet.Numerics.LinearAlgebra;

namespace Dual.Tests.Kernels;

/// <summary>The blocked GEMM against a plain triple loop and MathNet, on edge sizes and every transpose combination.</summary>
public class GemmTests
{
    public static TheoryData<int, int, int> Sizes() => new()
    {
        { 1, 1, 1 }, { 1, 7, 1 }, { 7, 16, 16 }, { 6, 8, 8 }, { 5, 3, 9 }, { 13, 17, 19 }, { 31, 257, 23 },
        { 97, 300, 37 }, { 128, 784, 10 }, { 6, 513, 8 }, { 200, 64, 2050 }, { 64, 1, 64 },
        // Large enough for both cores, halves that are not whole micro-tiles: C split by rows, then by columns.
        { 301, 129, 35 }, { 35, 129, 301 },
        // Too large to pack whole (over 4 M doubles): each core runs the serial algorithm on half of C.
        { 4099, 1025, 9 }, { 7, 2049, 2050 },
    };

    private static double[] Random(int n, int seed) => Tensor.RandomNormal([n], seed).ToArray();

    private static double[] Reference(double[] a, double[] b, int m, int k, int n, bool ta, bool tb)
    {
        var c = new double[m * n];
        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
            {
                var s = 0.0;
                for (var p = 0; p < k; p++) s += (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
                c[i * n + j] = s;
            }
        return c;
    }

    [Theory, MemberData(nameof(Sizes))]
    public void Matches_a_plain_loop_for_every_transpose_combination(int m, int k, int n)
    {
        var a = Random(m * k, m + 3 * k);
        var b = Random(k * n, n + 5 * k);
        foreach (var (ta, tb) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            var c = new double[m * n];
            Array.Fill(c, double.NaN); // must be overwritten, not accumulated into
            Gemm.Multiply(a, b, c, m, k, n, ta, tb);
            var expected = Reference(a, b, m, k, n, ta, tb);
            for (var i = 0; i < c.Length; i++)
                Assert.True(Math.Abs(c[i] - expected[i]) <= 1e-12 * Math.Max(1, Math.Abs(expected[i])) * Math.Sqrt(k),
                    $"({m},{k},{n}) ta={ta} tb={tb} at {i}: {c[i]} vs {expected[i]}");
        }
    }

    // Small products (the plain path): rows in pairs and fours with a remainder, column groups of sixteen, four and one.
    public static TheoryData<int, int, int> SmallSizes() => new()
    {
        { 1, 16, 16 }, { 2, 16, 16 }, { 3, 5, 16 }, { 7, 16, 16 }, { 5, 4, 4 }, { 9, 3, 8 }, { 6, 7, 20 },
        { 11, 16, 33 }, { 4, 64, 36 }, { 13, 1, 27 }, { 8, 9, 3 }, { 16, 7, 64 },
    };

    [Theory, MemberData(nameof(SmallSizes))]
    public void Small_products_round_every_element_as_one_fma_chain_over_k_in_order(int m, int k, int n)
    {
        // The engine's results are bit-identical to the reference interpreter and the golden microgpt trace because
        // every element is fma(a, b, ·) from 0 over p = 0 … k − 1, whichever group of rows and columns it falls in.
        var a = Random(m * k, 7 * m + k);
        var b = Random(k * n, 3 * n + k);
        foreach (var (ta, tb) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            var c = new double[m * n];
            Gemm.Multiply(a, b, c, m, k, n, ta, tb);
            for (var i = 0; i < m; i++)
                for (var j = 0; j < n; j++)
                {
                    var s = GemmRoundingTests.Chains(a, b, m, k, n, ta, tb, i, j, block: k); // one chain over all of k
                    Assert.True(s.Equals(c[i * n + j]), $"({m},{k},{n}) ta={ta} tb={tb} at [{i},{j}]: {c[i * n + j]:R} vs {s:R}");
                }
        }
    }

    [Fact]
    public void Matches_MathNet_on_a_large_product()
    {
        const int m = 150, k = 300, n = 170;
        var a = Random(m * k, 1);
        var b = Random(k * n, 2);
        var c = new double[m * n];
        Gemm.Multiply(a, b, c, m, k, n, false, false);
        var expected = Matrix<double>.Build.DenseOfRowMajor(m, k, a) * Matrix<double>.Build.DenseOfRowMajor(k, n, b);
        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
                Assert.Equal(expected[i, j], c[i * n + j], 1e-10);
    }

    [Fact]
    public void Propagates_NaN_and_infinity()
    {
        var a = new double[] { double.NaN, 1, 2, 3 };
        var b = new double[] { 0, 0, 0, 0 };
        var c = new double[4];
        Gemm.Multiply(a, b, c, 2, 2, 2, false, false);
        Assert.True(double.IsNaN(c[0]) && double.IsNaN(c[1]));
        Assert.Equal(0, c[2]);
    }
}
