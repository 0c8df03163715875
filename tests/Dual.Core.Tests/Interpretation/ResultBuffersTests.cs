namespace Dual.Tests.Interpretation;

/// <summary>
/// A caller that owns a plan's earlier results may hand their arrays back (a training loop's gradients): the next
/// evaluation writes into them. The values must be those of a fresh evaluation, and an array that is bound as an
/// input, or that belongs to another plan, must never be written.
/// </summary>
public class ResultBuffersTests
{
    private static readonly Expr X = Expr.Variable("x", [3]);

    // Roots: a computed value, a view of it, the variable itself and a constant.
    private static readonly Expr[] Roots = [(X * 2.0).Exp(), (X * 2.0).Exp().Reshape([3, 1]), X, Expr.Constant(Tensor.Vector(7, 8, 9))];

    private static Env Bind(params double[] x) => Env.Of(("x", Tensor.Vector(x)));

    [Fact]
    public void The_next_evaluation_writes_into_the_previous_results_and_matches_a_fresh_one()
    {
        var reuse = new ResultBuffers();
        var first = Evaluator.Evaluate(Roots, Bind(0.1, 0.2, 0.3), null, reuse);
        var firstArray = first[0].Span.ToArray();

        var second = Evaluator.Evaluate(Roots, Bind(-1, 0, 1), null, reuse);

        var fresh = Evaluator.Evaluate(Roots, Bind(-1, 0, 1));
        for (var r = 0; r < Roots.Length; r++) Assert.Equal(fresh[r], second[r]);
        Assert.True(first[0].Span.Overlaps(second[0].Span), "the computed root did not reuse the earlier array");
        Assert.Equal(second[0], first[0]); // the earlier tensor now shows the new values: the caller gave it up
        Assert.NotEqual(firstArray, second[0].Span.ToArray());
        Assert.Equal(Tensor.Vector(7, 8, 9), second[3]);
    }

    [Fact]
    public void An_earlier_result_bound_as_an_input_is_not_written()
    {
        var y = X * 3.0;
        var reuse = new ResultBuffers();
        var first = Evaluator.Evaluate([y], Bind(1, 2, 3), null, reuse)[0];
        var kept = first.Span.ToArray();

        var second = Evaluator.Evaluate([y], Env.Of(("x", first)), null, reuse)[0];

        Assert.Equal(kept, first.Span.ToArray());
        Assert.Equal(Tensor.Vector(9, 18, 27), second);
        Assert.False(first.Span.Overlaps(second.Span));
    }

    [Fact]
    public void Arrays_kept_for_one_plan_are_not_used_by_another()
    {
        var reuse = new ResultBuffers();
        var a = Evaluator.Evaluate([X * 2.0], Bind(1, 2, 3), null, reuse)[0];

        var b = Evaluator.Evaluate([X + 1.0], Bind(1, 2, 3), null, reuse)[0];

        Assert.Equal(Tensor.Vector(2, 4, 6), a);
        Assert.Equal(Tensor.Vector(2, 3, 4), b);
        Assert.False(a.Span.Overlaps(b.Span));
    }
}
