namespace Dual.Tests.Kernels;

/// <summary>
/// Shapes large enough to take the kernels' fast paths — elementwise ops split over both cores,
/// many small matrix products spread over the cores, GEMM's blocked and core-splitting paths —
/// evaluated through graphs and compared with plain loops written here. The first tests assert the
/// shapes really cross each threshold (read from <see cref="Thresholds"/>), so retuning a threshold
/// cannot silently take a path out of the suite.
/// </summary>
public class ThresholdCrossingTests
{
    /// <summary>Lengths around the elementwise split: just below, exactly at, and above with a tail that is no whole vector.</summary>
    public static readonly int[] ElementwiseLengths = [Thresholds.SplitElements - 1, Thresholds.SplitElements, Thresholds.SplitElements + 13];

    /// <summary>Batched products: a's and b's batch axes broadcast against each other; the first spreads whole products over the cores, the second splits each product.</summary>
    public static readonly (int[] ABatch, int[] BBatch, int M, int K, int N)[] Batched =
    [
        ([4, 1], [1, 2], 64, 64, 64),
        ([1, 3], [2, 1], 48, 72, 56),
        ([2, 1], [1, 1], 128, 128, 130),
    ];

    private static int BatchSize(int[] a, int[] b) => a.Zip(b, Math.Max).Aggregate(1, (p, d) => p * d);

    [Fact]
    public void The_elementwise_lengths_cross_the_split()
    {
        Assert.Contains(ElementwiseLengths, n => n < Thresholds.SplitElements);
        Assert.Contains(ElementwiseLengths, n => n == Thresholds.SplitElements);
        Assert.Contains(ElementwiseLengths, n => n > Thresholds.SplitElements && n % 16 != 0);
    }

    [Fact]
    public void The_batched_shapes_cross_the_spreading_rule()
    {
        if (!Thresholds.TwoCores) return; // one core: nothing is spread, the products run in turn
        // Spread: each product alone is too small for both cores, all of them together are not.
        Assert.Contains(Batched, c => !Thresholds.GemmUsesBothCores(c.M, c.K, c.N) && Thresholds.GemmUsesBothCores(c.M * BatchSize(c.ABatch, c.BBatch), c.K, c.N));
        // Not spread: each product already uses both cores.
        Assert.Contains(Batched, c => Thresholds.GemmUsesBothCores(c.M, c.K, c.N));
        // The rule flips exactly at the parallel threshold (ties the test-side constant to the kernel).
        Assert.False(Thresholds.GemmUsesBothCores(1, 1, (int)(Thresholds.GemmParallelFlops / 2) - 1));
        Assert.True(Thresholds.GemmUsesBothCores(1, 1, (int)(Thresholds.GemmParallelFlops / 2)));
    }

    [Fact]
    public void The_gemm_sizes_cross_every_blocking_and_splitting_boundary()
    {
        var sizes = GemmTests.Sizes().Select(row => ((int)row[0], (int)row[1], (int)row[2])).ToArray();
        var (mr, nr, kc, mc, nc) = Thresholds.GemmBlocks;
        static long Flops((int M, int K, int N) s) => 2L * s.M * s.K * s.N;
        static bool FitsShared((int M, int K, int N) s) => Thresholds.GemmFitsShared(s.M, s.K, s.N);

        Assert.Contains(sizes, s => Flops(s) < Thresholds.GemmPackedFlops);
        Assert.Contains(sizes, s => Flops(s) >= Thresholds.GemmPackedFlops && Flops(s) < Thresholds.GemmParallelFlops);
        Assert.Contains(sizes, s => s.Item1 > mc && s.Item2 > kc && s.Item1 % mr != 0);
        Assert.Contains(sizes, s => s.Item3 > nc && s.Item3 % nr != 0);
        if (!Thresholds.TwoCores) return;
        Assert.Contains(sizes, s => Thresholds.GemmUsesBothCores(s.Item1, s.Item2, s.Item3) && FitsShared(s));
        Assert.Contains(sizes, s => Thresholds.GemmUsesBothCores(s.Item1, s.Item2, s.Item3) && !FitsShared(s) && s.Item3 >= s.Item1);
        Assert.Contains(sizes, s => Thresholds.GemmUsesBothCores(s.Item1, s.Item2, s.Item3) && !FitsShared(s) && s.Item3 < s.Item1);
    }

    private static readonly (string Name, Func<Expr, Expr> Op, Func<double, double> Reference, double Tolerance)[] Unary =
    [
        ("neg", x => -x, v => -v, 0),
        ("abs", x => x.Abs(), Math.Abs, 0),
        ("sign", x => x.Sign(), v => Math.Sign(v), 0),
        ("exp", x => x.Exp(), Math.Exp, 1e-14),
        ("tanh", x => x.Tanh(), Math.Tanh, 1e-14),
        ("log", x => x.Abs().Log(), v => Math.Log(Math.Abs(v)), 1e-14),
        ("sqrt", x => x.Abs().Sqrt(), v => Math.Sqrt(Math.Abs(v)), 1e-15),
        ("pow 3", x => x.Pow(3), v => v * v * v, 1e-14),
        ("gelu", x => x.Gelu(), v => 0.5 * v * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v))), 1e-13),
    ];

    private static readonly (string Name, Func<Expr, Expr, Expr> Op, Func<double, double, double> Reference)[] Binary =
    [
        ("add", (a, b) => a + b, (a, b) => a + b),
        ("sub", (a, b) => a - b, (a, b) => a - b),
        ("mul", (a, b) => a * b, (a, b) => a * b),
        ("div", (a, b) => a / b, (a, b) => a / b),
    ];

    public static TheoryData<int> Lengths() => [.. ElementwiseLengths];

    [Theory, MemberData(nameof(Lengths))]
    public void Elementwise_ops_match_a_plain_loop_at_every_length_around_the_split(int n)
    {
        var (a, b) = (Tensor.RandomUniform([n], 1, -3, 3), Tensor.RandomUniform([n], 2, 0.5, 3));
        var env = Env.Of(("a", a), ("b", b));
        var (x, y) = (Expr.Variable("a", [n]), Expr.Variable("b", [n]));
        var (av, bv) = (a.ToArray(), b.ToArray());
        foreach (var (name, op, reference, tol) in Unary)
            AssertEach(op(x).Evaluate(env), i => reference(av[i]), tol, $"{name} at {n}");
        foreach (var (name, op, reference) in Binary)
        {
            AssertEach(op(x, y).Evaluate(env), i => reference(av[i], bv[i]), 0, $"{name} at {n}");
            // A broadcast operand takes the strided loop instead of the split: the same values.
            var s = Expr.Variable("s", [1]);
            AssertEach(op(x, s).Evaluate(env.With("s", Tensor.Vector(1.25))), i => reference(av[i], 1.25), 0, $"{name} broadcast at {n}");
            AssertEach(op(s, y).Evaluate(env.With("s", Tensor.Vector(1.25))), i => reference(1.25, bv[i]), 0, $"{name} broadcast first operand at {n}");
        }
    }

    public static TheoryData<int> BatchedRows() => [.. Enumerable.Range(0, Batched.Length)];

    [Theory, MemberData(nameof(BatchedRows))]
    public void Batched_products_match_a_plain_loop_for_every_transpose_combination(int row)
    {
        var (aBatch, bBatch, m, k, n) = Batched[row];
        foreach (var (ta, tb) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            int[] aDims = [.. aBatch, .. ta ? new[] { k, m } : [m, k]], bDims = [.. bBatch, .. tb ? new[] { n, k } : [k, n]];
            var (a, b) = (Tensor.RandomNormal(Shape.Create(aDims), 3 + row), Tensor.RandomNormal(Shape.Create(bDims), 4 + row));
            var y = Expr.Variable("a", Shape.Create(aDims)).MatMul(Expr.Variable("b", Shape.Create(bDims)), ta, tb)
                .Evaluate(Env.Of(("a", a), ("b", b)));
            var expected = BatchedReference(a.ToArray(), aBatch, b.ToArray(), bBatch, m, k, n, ta, tb);
            Assert.Equal(Shape.Create([.. aBatch.Zip(bBatch, Math.Max), m, n]), y.Shape);
            AssertEach(y, i => expected[i], 1e-12 * Math.Sqrt(k), $"batched {row} ta={ta} tb={tb}");
            if (row == Batched.Length - 1) break; // the per-product-parallel row is large: one combination is enough
        }
    }

    // y[i, j] = op(a[i or 0, j or 0]) · op(b[i or 0, j or 0]) over two batch axes, a size-1 batch axis broadcasting.
    private static double[] BatchedReference(double[] a, int[] aBatch, double[] b, int[] bBatch, int m, int k, int n, bool ta, bool tb)
    {
        var (b0, b1) = (Math.Max(aBatch[0], bBatch[0]), Math.Max(aBatch[1], bBatch[1]));
        var y = new double[b0 * b1 * m * n];
        for (var i = 0; i < b0; i++)
            for (var j = 0; j < b1; j++)
            {
                var aOff = ((aBatch[0] == 1 ? 0 : i) * aBatch[1] + (aBatch[1] == 1 ? 0 : j)) * m * k;
                var bOff = ((bBatch[0] == 1 ? 0 : i) * bBatch[1] + (bBatch[1] == 1 ? 0 : j)) * k * n;
                var yOff = (i * b1 + j) * m * n;
                for (var r = 0; r < m; r++)
                    for (var c = 0; c < n; c++)
                    {
                        var s = 0.0;
                        for (var p = 0; p < k; p++)
                            s += a[aOff + (ta ? p * m + r : r * k + p)] * b[bOff + (tb ? c * k + p : p * n + c)];
                        y[yOff + r * n + c] = s;
                    }
            }
        return y;
    }

    private static void AssertEach(Tensor actual, Func<int, double> expected, double tol, string what)
    {
        var values = actual.ToArray();
        for (var i = 0; i < values.Length; i++)
        {
            var e = expected(i);
            if (!(Math.Abs(values[i] - e) <= tol * Math.Max(1, Math.Abs(e))))
                Assert.Fail($"{what}: element {i} of {values.Length}: expected {e:R}, got {values[i]:R}");
        }
    }
}
