namespace Dual.Models.Tests;

/// <summary>The pre-norm transformer block: names, the definition by plain loops, gradients, and shape errors.</summary>
public class TransformerBlockTests
{
    private static readonly GptConfig Config = new(7, 8, 2, 1, 5) { InitStd = 0.3 };

    // Norm gains and biases moved off 1/0 so that every parameter shows in the values.
    private static Params Perturbed(Params p) => p.Map((path, t) =>
        path.EndsWith(".g", StringComparison.Ordinal) ? Checks.Uniform(t.Shape, path.Length, 0.5, 1.5)
        : t.Rank == 1 ? Checks.Uniform(t.Shape, path.Length + 100, -0.3, 0.3)
        : t);

    [Fact]
    public void Block_parameters_are_named_by_sublayer()
    {
        var built = Layers.TransformerBlock(Expr.Variable("x", [2, 5, 8]), Config).Build();
        Assert.Equal(
            ["ln1.g", "ln1.b", "attn.wq", "attn.bq", "attn.wk", "attn.bk", "attn.wv", "attn.bv", "attn.wo", "attn.bo",
             "ln2.g", "ln2.b", "mlp.fc1.w", "mlp.fc1.b", "mlp.fc2.w", "mlp.fc2.b"],
            built.Parameters.Select(p => p.Path));
        Assert.Equal(Shape.Of(8, 32), built.Parameters.Single(p => p.Path == "mlp.fc1.w").Shape);
    }

    [Theory]
    [InlineData(GptNorm.LayerNorm, GptActivation.Gelu, true)]
    [InlineData(GptNorm.RmsNorm, GptActivation.Relu, false)]
    public void Block_matches_the_pre_norm_residual_definition_by_plain_loops(GptNorm norm, GptActivation activation, bool bias)
    {
        var config = Config with { Norm = norm, Activation = activation, Bias = bias };
        var built = Layers.TransformerBlock(Expr.Variable("x", [2, 5, 8]), config).Build();
        var p = Perturbed(built.Init(4));
        var xv = Checks.Uniform([2, 5, 8], 5);

        var y = built.Value.Evaluate(p.ToEnv(Env.Of(("x", xv))));

        var rows = Reference.Rows(xv);
        var expected = Enumerable.Range(0, 2).SelectMany(b => Reference.Block(rows.Skip(b * 5).Take(5).ToArray(), config, p, "")).ToArray();
        Checks.Close(Reference.FromRows([2, 5, 8], expected), y, 1e-12, $"block {norm} {activation}");
    }

    [Fact]
    public void A_full_block_passes_the_gradient_check()
    {
        var built = Layers.TransformerBlock(Expr.Variable("x", [2, 5, 8]), Config).Build();
        var report = Checks.GradientsAreRight(built.Value, Perturbed(built.Init(6)).ToEnv(Env.Of(("x", Checks.Uniform([2, 5, 8], 7)))), "TransformerBlock [2, 5, 8]");
        // The MLP weights (256 elements) are too large for element-by-element differences: checked along random directions.
        Assert.Contains(report.Variables, v => v.Name == "mlp.fc1.w" && !v.PerElement);
        Assert.Contains(report.Variables, v => v.Name == "attn.wq" && v.PerElement);
    }

    [Fact]
    public void A_block_given_the_wrong_width_names_both_widths()
    {
        var e = Assert.Throws<ShapeException>(() => Layers.TransformerBlock(Expr.Variable("x", [2, 5, 6]), Config));
        Assert.Contains("TransformerBlock", e.Message, StringComparison.Ordinal);
        Assert.Contains("last axis is 6", e.Message, StringComparison.Ordinal);
        Assert.Contains("Width is 8", e.Message, StringComparison.Ordinal);
    }
}
