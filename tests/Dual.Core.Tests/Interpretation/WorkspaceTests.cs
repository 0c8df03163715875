using System.Runtime.CompilerServices;

namespace Dual.Tests.Interpretation;

/// <summary>
/// A plan's workspace is wired once and reused: only variables and the roots' fresh buffers are filled in per
/// evaluation. Reuse must never leak values from one evaluation into the next, nor keep the caller's tensors alive.
/// </summary>
public class WorkspaceTests
{
    [Fact]
    public void Repeated_evaluations_with_new_bindings_see_only_their_own_values()
    {
        // y is a root that later steps also read; z reads a view (reshape) of the variable; w a constant.
        var x = Expr.Variable("x", [2, 2]);
        var y = (x * 2.0).Exp();
        var z = y + x.Reshape([4]).Reshape([2, 2]) * Expr.Constant(Tensor.FromRows([1.0, 2.0], [3.0, 4.0]));
        var view = z.Reshape([4]);
        double[][] inputs = [[0.1, 0.2, 0.3, 0.4], [-1.0, 0.0, 1.0, 2.0], [0.1, 0.2, 0.3, 0.4]];
        foreach (var values in inputs)
        {
            var results = Evaluator.Evaluate([y, view, x], Env.Of(("x", Tensor.FromArray([2, 2], values))));
            double[] weights = [1.0, 2.0, 3.0, 4.0];
            for (var i = 0; i < 4; i++)
            {
                Assert.Equal(Math.Exp(2 * values[i]), results[0].Span[i], 1e-14);
                Assert.Equal(Math.Exp(2 * values[i]) + values[i] * weights[i], results[1].Span[i], 1e-14);
                Assert.Equal(values[i], results[2].Span[i]);
            }
        }
    }

    [Fact]
    public void Results_of_one_evaluation_are_not_overwritten_by_the_next()
    {
        var x = Expr.Variable("x", [3]);
        var loss = (x * x).Sum();
        var first = Grad.ValueAndGrad(loss, Env.Of(("x", Tensor.Vector(1.0, 2.0, 3.0))));
        var second = Grad.ValueAndGrad(loss, Env.Of(("x", Tensor.Vector(-1.0, 0.5, 4.0))));
        Assert.Equal([2.0, 4.0, 6.0], first.Gradients["x"].ToArray());
        Assert.Equal(14.0, first.Value.ToScalar());
        Assert.Equal([-2.0, 1.0, 8.0], second.Gradients["x"].ToArray());
    }

    [Fact]
    public void The_cached_plan_keeps_neither_the_bound_arrays_nor_the_results_alive()
    {
        var x = Expr.Variable("x", [1000]);
        var y = (x * 3.0).Sum();
        var (input, output) = EvaluateOnce(y);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(input.IsAlive);
        Assert.False(output.IsAlive);
        GC.KeepAlive(y); // the graph, and with it the plan and its workspace, stays
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference Input, WeakReference Output) EvaluateOnce(Expr y)
    {
        var input = Tensor.Generate([1000], i => i);
        var output = y.Evaluate(Env.Of(("x", input)));
        Assert.Equal(3.0 * 999 * 1000 / 2, output.ToScalar());
        return (new WeakReference(input.Data), new WeakReference(output.Data)); // the arrays are what a workspace could hold
    }
}
