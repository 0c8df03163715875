using Dual.Kernels;

namespace Dual.Tests.Kernels;

/// <summary>
/// GEMM's results bit for bit, on every path. A product below the packed threshold sums each element as one FMA chain
/// over k; a packed product sums each block of K (KC wide) as an FMA chain from +0 and adds the block sums to C in
/// order — whichever core computes which tile, and whether the cores share the packed operands or split C. So a
/// product's bits depend only on its size, never on the core count or the tiling; and the kernel writes nothing
/// outside C, which the unsafe loads and stores would not otherwise show.
/// </summary>
public class GemmRoundingTests
{
    private const int Guard = 16; // doubles on each side of C that must keep their sentinel

    public static TheoryData<int, int, int> Sizes() => new()
    {
        { 6, 513, 8 },          // plain, K over one block: one chain of 513
        { 8, 512, 8 },          // exactly at the packed threshold (2·m·k·n = 65 536): packed, two blocks
        { 31, 257, 23 },        // packed on one core, a block of one
        { 128, 784, 10 },       // packed on one core, partial micro-tiles both ways
        { 97, 300, 37 },        // both cores, operands packed once and shared
        { 64, 511, 40 },        // shared, K one short of two whole blocks
        { 3, 700_000, 5 },      // too large to pack whole, C split by columns: the second core's half is empty
        { 5, 700_000, 3 },      // the same, split by rows
        { 7, 2049, 2050 },      // split by columns, both halves full
        { 3, 7, 20 },           // plain, fewer than four rows, a group of four columns
        { 1, 9, 21 },           // plain, one row, groups of sixteen, four and one columns
    };

    [Theory, MemberData(nameof(Sizes))]
    public void Every_element_is_the_fma_chain_of_its_path_and_nothing_outside_C_is_written(int m, int k, int n)
    {
        var a = Tensor.RandomNormal([m * k], m + 7 * k).ToArray();
        var b = Tensor.RandomNormal([k * n], n + 11 * k).ToArray();
        var packed = 2L * m * k * n >= Thresholds.GemmPackedFlops;
        var block = packed ? Thresholds.GemmBlocks.KC : k;
        foreach (var (ta, tb) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            var buffer = new double[Guard + m * n + Guard];
            Array.Fill(buffer, -7.25);
            Gemm.Multiply(a, b, buffer.AsMemory(Guard, m * n), m, k, n, ta, tb);
            for (var i = 0; i < m; i++)
                for (var j = 0; j < n; j++)
                {
                    var expected = Chains(a, b, m, k, n, ta, tb, i, j, block);
                    var actual = buffer[Guard + i * n + j];
                    Assert.True(expected.Equals(actual), $"({m},{k},{n}) ta={ta} tb={tb} at [{i},{j}]: {actual:R}, expected {expected:R}");
                }
            AssertGuards(buffer, m * n, $"({m},{k},{n}) ta={ta} tb={tb}");
        }
    }

    [Fact]
    public void The_sizes_reach_every_path()
    {
        var sizes = Sizes().Select(row => ((int)row[0], (int)row[1], (int)row[2])).ToArray();
        var (mr, nr, kc, _, _) = Thresholds.GemmBlocks;
        static long Flops((int M, int K, int N) s) => 2L * s.M * s.K * s.N;
        static bool Split((int M, int K, int N) s) => Thresholds.GemmUsesBothCores(s.M, s.K, s.N) && !Thresholds.GemmFitsShared(s.M, s.K, s.N);
        Assert.Contains(sizes, s => Flops(s) < Thresholds.GemmPackedFlops && s.Item2 > kc);
        Assert.Contains(sizes, s => Flops(s) == Thresholds.GemmPackedFlops);
        if (!Thresholds.TwoCores) return;
        Assert.Contains(sizes, s => Thresholds.GemmUsesBothCores(s.Item1, s.Item2, s.Item3) && s.Item2 % kc == kc - 1);
        // Split (not shared) with a side so short that half of it rounded up to whole micro-tiles is the whole side.
        Assert.Contains(sizes, s => Split(s) && s.Item3 >= s.Item1 && s.Item3 < nr);
        Assert.Contains(sizes, s => Split(s) && s.Item3 < s.Item1 && s.Item1 < mr);
    }

    [Theory]
    [InlineData(3, 0, 4)]
    [InlineData(0, 5, 4)]
    [InlineData(3, 5, 0)]
    public void An_empty_dimension_gives_zeros_whatever_C_held(int m, int k, int n)
    {
        var buffer = new double[Guard + m * n + Guard];
        Array.Fill(buffer, -7.25);
        Gemm.Multiply(new double[m * k], new double[k * n], buffer.AsMemory(Guard, m * n), m, k, n, false, false);
        Assert.All(buffer.AsSpan(Guard, m * n).ToArray(), x => Assert.Equal(0.0, x));
        AssertGuards(buffer, m * n, $"({m},{k},{n})");
    }

    // Element [i, j]: FMA chains from +0 over consecutive blocks of k (one block when unpacked), the block sums added in order.
    internal static double Chains(double[] a, double[] b, int m, int k, int n, bool ta, bool tb, int i, int j, int block)
    {
        var c = 0.0;
        for (var start = 0; start < k; start += block)
        {
            var s = 0.0;
            for (var p = start; p < Math.Min(k, start + block); p++)
                s = Math.FusedMultiplyAdd(ta ? a[p * m + i] : a[i * k + p], tb ? b[j * k + p] : b[p * n + j], s);
            c = start == 0 ? s : c + s;
        }
        return c;
    }

    private static void AssertGuards(double[] buffer, int size, string what)
    {
        for (var g = 0; g < Guard; g++)
        {
            Assert.True(buffer[g] == -7.25, $"{what}: wrote before C at {g - Guard}");
            Assert.True(buffer[Guard + size + g] == -7.25, $"{what}: wrote after C at +{g}");
        }
    }
}
