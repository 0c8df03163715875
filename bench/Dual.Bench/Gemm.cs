namespace Dual.Bench;

/// <summary>GEMM: C = A·B through the interpreter's MatMul kernel, GFLOP/s from the median time.</summary>
internal static class GemmBench
{
    public static void Run(int m, int k, int n)
    {
        var a = Expr.Variable("a", [m, k]);
        var b = Expr.Variable("b", [k, n]);
        var c = a.MatMul(b);
        var rng = new DetRng(7);
        var env = Env.Of(("a", Tensor.Generate([m, k], _ => rng.Normal())), ("b", Tensor.Generate([k, n], _ => rng.Normal())));
        var flops = 2.0 * m * k * n;
        var calls = (int)Math.Max(3, 1e10 / flops); // as the peer: about 0.1-0.25 s per sample
        var (median, _) = Timing.PerCall(() => c.Evaluate(env), warmup: 5, blocks: 9, callsPerBlock: calls);
        // The peer prints m, k, n first, so that its two f64 lines can be joined with these on (ID, impl, dtype, m, k, n).
        Report.Line("GEMM", "f64", ("m", m), ("k", k), ("n", n), ("gflops", Math.Round(flops / median / 1e9, 1)), ("call_us", median * 1e6), ("reps", calls));
    }
}
