namespace Dual.Models.Tests;

/// <summary>LayerNorm and RmsNorm over random shapes: values from plain loops, gradients against finite differences.</summary>
public class NormalizationTests
{
    private static Shape DrawShape(Choices c) => Shape.Create([.. c.Shape(0, 2, 3), c.Next(2, 6)]);

    // Gains and biases moved off their 1/0 start, so the affine part is visible in values and gradients.
    private static Params Perturbed(Params p) =>
        p.Map((path, t) => path == "g" ? Checks.Uniform(t.Shape, 21, 0.5, 1.5) : Checks.Uniform(t.Shape, 22, -0.5, 0.5));

    [Fact]
    public void LayerNorm_matches_plain_loops_for_random_shapes() =>
        Checks.ForAll(c => $"LayerNorm {DrawShape(c)}", c =>
        {
            var shape = DrawShape(c);
            var x = Expr.Variable("x", shape);
            var built = Layers.LayerNorm(x).Build();
            Assert.Equal(["g", "b"], built.Parameters.Select(s => s.Path));
            var p = Perturbed(built.Init(0));
            var xv = Checks.Uniform(shape, shape.Size);

            var y = built.Value.Evaluate(p.ToEnv(Env.Of(("x", xv))));

            var expected = Reference.Rows(xv).Select(r => Reference.LayerNorm(r, 1e-5, p["g"], p["b"])).ToArray();
            Checks.Close(Reference.FromRows(shape, expected), y, 1e-12, $"LayerNorm {shape}");
        });

    [Fact]
    public void LayerNorm_without_affine_gives_rows_of_mean_zero_and_unit_variance()
    {
        var xv = Checks.Uniform([3, 6], 8, -5, 5);
        var built = Layers.LayerNorm(Expr.Variable("x", [3, 6]), eps: 0, affine: false).Build();
        Assert.Empty(built.Parameters);
        foreach (var row in Reference.Rows(built.Value.Evaluate(Env.Of(("x", xv)))))
        {
            Assert.Equal(0, row.Average(), 1e-14);
            Assert.Equal(1, row.Select(v => v * v).Average(), 1e-13);
        }
    }

    [Fact]
    public void LayerNorm_gradients_match_finite_differences_for_random_shapes() =>
        Checks.ForAll(c => $"LayerNorm {DrawShape(c)}", c =>
        {
            var shape = DrawShape(c);
            var built = Layers.LayerNorm(Expr.Variable("x", shape)).Build();
            Checks.GradientsAreRight(built.Value, Perturbed(built.Init(0)).ToEnv(Env.Of(("x", Checks.Uniform(shape, 5)))), $"LayerNorm {shape}");
        }, maxTest: 10);

    [Fact]
    public void RmsNorm_matches_plain_loops_with_and_without_gain() =>
        Checks.ForAll(c => $"RmsNorm {DrawShape(c)} gain={c.Next(0, 1) == 1}", c =>
        {
            var shape = DrawShape(c);
            var gain = c.Next(0, 1) == 1;
            var built = Layers.RmsNorm(Expr.Variable("x", shape), gain: gain).Build();
            Assert.Equal(gain ? ["g"] : Array.Empty<string>(), built.Parameters.Select(s => s.Path));
            var p = Perturbed(built.Init(0));
            var xv = Checks.Uniform(shape, 3);

            var y = built.Value.Evaluate(p.ToEnv(Env.Of(("x", xv))));

            var expected = Reference.Rows(xv).Select(r => Reference.RmsNorm(r, 1e-5, gain ? p["g"] : null)).ToArray();
            Checks.Close(Reference.FromRows(shape, expected), y, 1e-12, $"RmsNorm {shape}");
        });

    [Fact]
    public void RmsNorm_gradients_match_finite_differences_for_random_shapes() =>
        Checks.ForAll(c => $"RmsNorm {DrawShape(c)}", c =>
        {
            var shape = DrawShape(c);
            var built = Layers.RmsNorm(Expr.Variable("x", shape)).Build();
            Checks.GradientsAreRight(built.Value, Perturbed(built.Init(0)).ToEnv(Env.Of(("x", Checks.Uniform(shape, 6)))), $"RmsNorm {shape}");
        }, maxTest: 10);

    [Fact]
    public void Norms_need_a_feature_axis()
    {
        Assert.Throws<ShapeException>(() => Layers.LayerNorm(Expr.Variable("x")));
        Assert.Throws<ShapeException>(() => Layers.RmsNorm(Expr.Variable("x")));
    }
}
