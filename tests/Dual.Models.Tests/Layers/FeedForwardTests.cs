namespace Dual.Models.Tests;

/// <summary>FeedForward: fc1 → activation → fc2, named and computed as documented.</summary>
public class FeedForwardTests
{
    [Fact]
    public void FeedForward_declares_fc1_and_fc2_and_maps_back_to_the_input_width()
    {
        var x = Expr.Variable("x", [2, 3, 4]);
        var built = Layers.FeedForward(x, 8).Build();

        Assert.Equal(["fc1.w", "fc1.b", "fc2.w", "fc2.b"], built.Parameters.Select(p => p.Path));
        Assert.Equal([Shape.Of(4, 8), Shape.Of(8), Shape.Of(8, 4), Shape.Of(4)], built.Parameters.Select(p => p.Shape));
        Assert.Equal(Shape.Of(2, 3, 4), built.Value.Shape);
        Assert.Equal(["fc1.w", "fc2.w"], Layers.FeedForward(x, 8, bias: false).Build().Parameters.Select(p => p.Path));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FeedForward_matches_plain_loops(bool relu)
    {
        var x = Expr.Variable("x", [2, 3, 4]);
        Func<Expr, Expr>? act = relu ? h => h.Relu() : null;
        var built = Layers.FeedForward(x, 8, act).Build();
        var p = built.Init(5).Map((path, t) => path.EndsWith(".b", StringComparison.Ordinal) ? Checks.Uniform(t.Shape, 6, -0.3, 0.3) : t);
        var xv = Checks.Uniform([2, 3, 4], 7);

        var y = built.Value.Evaluate(p.ToEnv(Env.Of(("x", xv))));

        Func<double, double> f = relu ? Reference.Relu : Reference.Gelu;
        var expected = Reference.Rows(xv).Select(r => Reference.FeedForward(r, p, "", f, bias: true)).ToArray();
        Checks.Close(Reference.FromRows([2, 3, 4], expected), y);
    }

    [Fact]
    public void FeedForward_passes_the_gradient_check()
    {
        var x = Expr.Variable("x", [2, 3, 4]);
        var built = Layers.FeedForward(x, 8).Build();
        Checks.GradientsAreRight(built.Value, built.Init(1).ToEnv(Env.Of(("x", Checks.Uniform([2, 3, 4], 2)))), "FeedForward [2, 3, 4] hidden 8");
    }
}
