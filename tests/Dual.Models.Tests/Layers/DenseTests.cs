namespace Dual.Models.Tests;

/// <summary>Dense and Mlp: values from plain loops over random shapes, gradients against finite differences.</summary>
public class DenseTests
{
    private static (Shape Input, int FanOut, bool Bias) Draw(Choices c)
    {
        var lead = c.Shape(0, 2, 3);
        return (Shape.Create([.. lead, c.Next(1, 4)]), c.Next(1, 4), c.Next(0, 1) == 1);
    }

    [Fact]
    public void Dense_is_x_times_w_plus_b_over_the_last_axis_for_random_shapes() =>
        Checks.ForAll(c => $"Dense {Draw(c)}", c =>
        {
            var (shape, fanOut, bias) = Draw(c);
            var x = Expr.Variable("x", shape);
            var built = Layers.Dense(x, fanOut, bias).Build();
            var p = built.Init(shape.Size + fanOut);
            // A non-zero bias, so adding it is visible.
            if (bias) p = p.Map((path, t) => path == "b" ? Checks.Uniform(t.Shape, 5) : t);
            var xv = Checks.Uniform(shape, 11);

            var y = built.Value.Evaluate(p.ToEnv(Env.Of(("x", xv))));

            Assert.Equal(Shape.Create([.. shape.Dims[..^1], fanOut]), y.Shape);
            var expected = Reference.FromRows(y.Shape, Reference.Rows(xv).Select(r => Reference.Linear(r, p["w"], bias ? p["b"] : null)).ToArray());
            Checks.Close(expected, y, 1e-12, "Dense");
            Assert.Equal(bias ? ["w", "b"] : new[] { "w" }, built.Parameters.Select(s => s.Path));
        });

    [Fact]
    public void Dense_gradients_match_finite_differences_for_random_shapes() =>
        Checks.ForAll(c => $"Dense {Draw(c)}", c =>
        {
            var (shape, fanOut, bias) = Draw(c);
            var x = Expr.Variable("x", shape);
            var built = Layers.Dense(x, fanOut, bias).Build();
            Checks.GradientsAreRight(built.Value, built.Init(7).ToEnv(Env.Of(("x", Checks.Uniform(shape, 3)))), $"Dense {shape} -> {fanOut}");
        }, maxTest: 10);

    [Fact]
    public void Dense_needs_a_feature_axis()
    {
        var e = Assert.Throws<ShapeException>(() => Layers.Dense(Expr.Variable("x"), 3));
        Assert.Contains("feature axis", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mlp_names_its_layers_and_applies_the_activation_between_them_only()
    {
        var x = Expr.Variable("x", [2, 3]);
        var built = Layers.Mlp(x, [4, 2]).Build();
        Assert.Equal(["l0.w", "l0.b", "l1.w", "l1.b"], built.Parameters.Select(p => p.Path));
        var p = built.Init(1).Map((path, t) => path.EndsWith(".b", StringComparison.Ordinal) ? Checks.Uniform(t.Shape, 2) : t);
        var xv = Checks.Uniform([2, 3], 4);

        var y = built.Value.Evaluate(p.ToEnv(Env.Of(("x", xv))));

        var expected = Reference.Rows(xv)
            .Select(r => Reference.Linear(Reference.Linear(r, p["l0.w"], p["l0.b"]).Select(Reference.Relu).ToArray(), p["l1.w"], p["l1.b"]))
            .ToArray();
        Checks.Close(Reference.FromRows([2, 2], expected), y);
        // The last layer has no activation: some outputs are negative.
        Assert.Contains(y.ToArray(), v => v < 0);
    }
}
