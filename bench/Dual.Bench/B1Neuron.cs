namespace Dual.Bench;

/// <summary>
/// B1: the seed's neuron, forward + backward per call. call_us: the compiled gradient (<see cref="Grad.Compile(Expr, Expr[])"/>)
/// writing into the caller's arrays; fresh_call_us: the same returning fresh tensors; value_and_grad_us: <see cref="Grad.ValueAndGrad(Expr, Env, string[])"/>
/// with names and an <see cref="Env"/>.
/// </summary>
internal static class B1Neuron
{
    // The hand-written lower bound: the seed's formulas, one non-inlined call per step.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (double Loss, double GradW, double GradB) Plain(double w, double b, double x, double y)
    {
        var a = 1.0 / (1.0 + Math.Exp(-(w * x + b)));
        var s = 2.0 * (a - y) * a * (1.0 - a);
        return ((a - y) * (a - y), s * x, s);
    }

    public static void Run()
    {
        var (w, b, x, y) = (Expr.Variable("w"), Expr.Variable("b"), Expr.Variable("x"), Expr.Variable("y"));
        var loss = ((w * x + b).Sigmoid() - y).Square();
        var env = Env.Of(("w", 0.5), ("b", 0.1), ("x", 1.5), ("y", 1.0));
        // The compiled gradient binds w, b, x, y by position and writes the gradients into arrays the caller owns.
        var grad = Grad.Compile(loss, w, b);
        Tensor[] inputs = [0.5, 0.1, 1.5, 1.0];
        var gradients = grad.NewGradientBuffers();
        var value = grad.EvaluateInto(inputs, gradients);
        var (call, mean) = Timing.PerCall(() => grad.EvaluateInto(inputs, gradients), warmup: 6000, blocks: 15, callsPerBlock: 2000);
        var (fresh, _) = Timing.PerCall(() => grad.Evaluate(inputs), warmup: 6000, blocks: 15, callsPerBlock: 2000);
        var (named, _) = Timing.PerCall(() => Grad.ValueAndGrad(loss, env, "w", "b"), warmup: 6000, blocks: 15, callsPerBlock: 2000);
        var (fwd, _) = Timing.PerCall(() => loss.Evaluate(env), warmup: 6000, blocks: 15, callsPerBlock: 2000);
        var (plain, _) = Timing.PerCall(() => Plain(0.5, 0.1, 1.5, 1.0), warmup: 100_000, blocks: 15, callsPerBlock: 2_000_000);
        Report.Line("B1", "plaincs", "f64", ("call_ns", plain * 1e9));
        Report.Line("B1", "f64", ("call_us", call * 1e6), ("mean_call_us", mean * 1e6), ("fresh_call_us", fresh * 1e6),
            ("value_and_grad_us", named * 1e6), ("fwd_only_us", fwd * 1e6),
            ("loss", value), ("grad_w", gradients[0][0]), ("grad_b", gradients[1][0]));
    }
}
