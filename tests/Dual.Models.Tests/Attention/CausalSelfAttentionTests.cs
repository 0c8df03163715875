namespace Dual.Models.Tests;

/// <summary>Causal self-attention: the definition by plain loops, gradients, causality, and clear errors for bad shapes.</summary>
public class CausalSelfAttentionTests
{
    private static Params WithBiases(Params p) =>
        p.Map((path, t) => path.StartsWith('b') ? Checks.Uniform(t.Shape, path[1], -0.5, 0.5) : t);

    [Fact]
    public void Attention_declares_q_k_v_and_output_projections()
    {
        var built = Layers.CausalSelfAttention(Expr.Variable("x", [2, 4, 6]), heads: 2).Build();
        Assert.Equal(["wq", "bq", "wk", "bk", "wv", "bv", "wo", "bo"], built.Parameters.Select(p => p.Path));
        Assert.All(built.Parameters, p => Assert.Equal(p.Path[0] == 'w' ? Shape.Of(6, 6) : Shape.Of(6), p.Shape));
        Assert.Equal(["wq", "wk", "wv", "wo"], Layers.CausalSelfAttention(Expr.Variable("x", [4, 6]), 3, bias: false).Build().Parameters.Select(p => p.Path));
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    [InlineData(3, 1)]
    [InlineData(0, 2)] // rank-2 input [T, C]
    public void Attention_matches_the_definition_computed_by_plain_loops(int batch, int heads)
    {
        const int length = 5, width = 6;
        Shape shape = batch == 0 ? [length, width] : [batch, length, width];
        var built = Layers.CausalSelfAttention(Expr.Variable("x", shape), heads).Build();
        var p = WithBiases(built.Init(batch * 10 + heads));
        var xv = Checks.Uniform(shape, 17);

        var y = built.Value.Evaluate(p.ToEnv(Env.Of(("x", xv))));

        Assert.Equal(shape, y.Shape);
        var rows = Reference.Rows(xv);
        var expected = Enumerable.Range(0, Math.Max(batch, 1))
            .SelectMany(b => Reference.Attention(rows.Skip(b * length).Take(length).ToArray(), heads, p, "", bias: true))
            .ToArray();
        Checks.Close(Reference.FromRows(shape, expected), y, 1e-12, $"attention B={batch} H={heads}");
    }

    [Fact]
    public void Attention_passes_the_gradient_check()
    {
        var built = Layers.CausalSelfAttention(Expr.Variable("x", [2, 4, 6]), heads: 2).Build();
        var report = Checks.GradientsAreRight(built.Value, WithBiases(built.Init(2)).ToEnv(Env.Of(("x", Checks.Uniform([2, 4, 6], 3)))), "CausalSelfAttention [2, 4, 6] heads 2");
        Assert.Equal(9, report.Variables.Count);
    }

    private static (int Batch, int Length, int Heads, int Width, int Position) DrawCase(Choices c)
    {
        var heads = c.OneOf(1, 2, 3);
        var length = c.Next(2, 6);
        return (c.Next(1, 2), length, heads, heads * c.Next(1, 3), c.Next(0, length - 2));
    }

    [Fact]
    public void Output_at_position_t_has_exactly_zero_gradient_with_respect_to_later_inputs() =>
        Checks.ForAll(c => $"causality {DrawCase(c)}", c =>
        {
            var (batch, length, heads, width, t) = DrawCase(c);
            var x = Expr.Variable("x", [batch, length, width]);
            var built = Layers.CausalSelfAttention(x, heads).Build();
            var env = WithBiases(built.Init(length)).ToEnv(Env.Of(("x", Checks.Uniform([batch, length, width], width))));

            var dx = Causality.CotangentAt(built.Value, x, t, env);

            Causality.AssertLaterRowsAreExactlyZero(dx, t);
        });

    [Fact]
    public void Heads_that_do_not_divide_the_width_are_named_in_the_error()
    {
        var e = Assert.Throws<ArgumentException>(() => Layers.CausalSelfAttention(Expr.Variable("x", [2, 4, 6]), heads: 4));
        Assert.Contains("4 heads", e.Message, StringComparison.Ordinal);
        Assert.Contains("width 6", e.Message, StringComparison.Ordinal);
        Assert.Equal("heads", e.ParamName);
    }

    [Fact]
    public void An_input_that_is_not_a_sequence_is_a_shape_error()
    {
        var e = Assert.Throws<ShapeException>(() => Layers.CausalSelfAttention(Expr.Variable("x", [6]), heads: 2));
        Assert.Contains("[T, C] or [B, T, C]", e.Message, StringComparison.Ordinal);
        Assert.Throws<ShapeException>(() => Layers.CausalSelfAttention(Expr.Variable("x", [1, 2, 4, 6]), heads: 2));
    }

    [Fact]
    public void An_input_width_other_than_the_configs_is_a_shape_error_naming_both()
    {
        var config = new GptConfig(7, 8, 2, 1, 5);
        var e = Assert.Throws<ShapeException>(() => Layers.CausalSelfAttention(Expr.Variable("x", [2, 4, 12]), config));
        Assert.Contains("last axis is 12", e.Message, StringComparison.Ordinal);
        Assert.Contains("Width is 8", e.Message, StringComparison.Ordinal);
        var tooLong = Assert.Throws<ShapeException>(() => Layers.CausalSelfAttention(Expr.Variable("x", [2, 6, 8]), config));
        Assert.Contains("BlockSize 5", tooLong.Message, StringComparison.Ordinal);
    }
}
