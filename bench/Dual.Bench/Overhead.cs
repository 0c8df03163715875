namespace Dual.Bench;

/// <summary>OVH: the interpreter's fixed and per-node costs on one-element tensors.</summary>
internal static class Overhead
{
    public static void Run()
    {
        var x = Expr.Variable("x");
        var env = Env.Of(("x", 1.5));
        foreach (var n in new[] { 1, 8, 64 })
        {
            var e = x;
            for (var i = 0; i < n; i++) e = e + 1.0;
            var (t, _) = Timing.PerCall(() => e.Evaluate(env), 20_000, 15, 20_000);
            Report.Line("OVH", "f64", ("add_chain_ns", t * 1e9), ("nodes", n), ("ns_per_node", t * 1e9 / n));
        }
        var tanh = x;
        for (var i = 0; i < 8; i++) tanh = tanh.Tanh();
        var (tt, _) = Timing.PerCall(() => tanh.Evaluate(env), 20_000, 15, 20_000);
        Report.Line("OVH", "f64", ("tanh_chain_ns", tt * 1e9), ("nodes", 8));
    }
}
