namespace Dual.Models.Tests;

/// <summary>
/// The GPT: its documented parameter names and counts, logits by plain loops, gradient checks of a tiny GPT's loss,
/// causality of the trunk and of the whole model, and clear errors.
/// </summary>
public class GptTests
{
    /// <summary>vocab 7, width 8, 2 heads, 2 layers, block 5 (B5's options), with a wider init so values are not all tiny.</summary>
    private static readonly GptConfig Tiny = new(7, 8, 2, 2, 5) { InitStd = 0.3 };

    private static readonly GptConfig TinyMicro = Tiny with
    {
        Norm = GptNorm.RmsNorm, NormGain = false, EmbeddingNorm = true, FinalNorm = false,
        Activation = GptActivation.Relu, Bias = false, ScaleResidualInit = false,
    };

    private static readonly int[,] Tokens = { { 1, 4, 0, 6, 2 }, { 3, 3, 5, 1, 0 } };
    private static readonly int[,] Targets = { { 4, 0, 6, 2, 5 }, { 3, 5, 1, 0, 2 } };

    private static Expr Ids(int[,] ids) => Expr.Constant(Tensor.Generate([ids.GetLength(0), ids.GetLength(1)], i => ids[i / ids.GetLength(1), i % ids.GetLength(1)]));

    private static int[] Row(int[,] ids, int b) => Enumerable.Range(0, ids.GetLength(1)).Select(t => ids[b, t]).ToArray();

    // Gains and biases off their 1/0 start, so every parameter shows in values and gradients.
    private static Params Perturbed(Params p) => p.Map((path, t) =>
        path.EndsWith(".g", StringComparison.Ordinal) ? Checks.Uniform(t.Shape, path.Length, 0.5, 1.5)
        : t.Rank == 1 ? Checks.Uniform(t.Shape, path.Length + 100, -0.3, 0.3)
        : t);

    [Fact]
    public void Parameter_names_of_a_B5_style_GPT_are_the_documented_ones()
    {
        var built = Layers.Gpt(Ids(Tokens), Tiny with { Layers = 1 }).Build();
        Assert.Equal(
            ["wte", "wpe",
             "h0.ln1.g", "h0.ln1.b", "h0.attn.wq", "h0.attn.bq", "h0.attn.wk", "h0.attn.bk", "h0.attn.wv", "h0.attn.bv", "h0.attn.wo", "h0.attn.bo",
             "h0.ln2.g", "h0.ln2.b", "h0.mlp.fc1.w", "h0.mlp.fc1.b", "h0.mlp.fc2.w", "h0.mlp.fc2.b",
             "ln_f.g", "ln_f.b", "lm_head.w"],
            built.Parameters.Select(p => p.Path));
        Assert.Equal(Shape.Of(7, 8), built.Parameters[0].Shape);
        Assert.Equal(Shape.Of(5, 8), built.Parameters[1].Shape);
        Assert.Equal(Shape.Of(8, 7), built.Parameters[^1].Shape);
        Assert.Equal(Shape.Of(2, 5, 7), built.Value.Shape);
    }

    [Fact]
    public void Parameter_names_of_microgpt_are_its_seven_matrices_and_two_embeddings()
    {
        var built = Layers.Gpt(Expr.Constant(Tensor.Zeros([16])), GptConfig.MicroGpt).Build();
        Assert.Equal(["wte", "wpe", "h0.attn.wq", "h0.attn.wk", "h0.attn.wv", "h0.attn.wo", "h0.mlp.fc1.w", "h0.mlp.fc2.w", "lm_head.w"],
            built.Parameters.Select(p => p.Path));
        Assert.Equal(Shape.Of(16, 27), built.Value.Shape);
    }

    [Fact]
    public void Parameter_counts_match_the_peers_microgpt_and_B5_models()
    {
        // The numbers printed by Karpathy's microgpt ("num params: 4192") and by the TorchSharp B5 run (params=818176).
        Assert.Equal(4192, Layers.Gpt(Expr.Constant(Tensor.Zeros([16])), GptConfig.MicroGpt).Build().ParameterCount);
        Assert.Equal(818176, Layers.Gpt(Expr.Constant(Tensor.Zeros([16, 64])), GptConfig.Shakespeare).Build().ParameterCount);
    }

    [Fact]
    public void B5_initialisation_is_normal_002_with_scaled_residual_projections_and_unit_norms()
    {
        var p = Layers.Gpt(Expr.Constant(Tensor.Zeros([1, 64])), GptConfig.Shakespeare).Build().Init(0);
        static double Std(Tensor t) => Math.Sqrt(t.ToArray().Select(v => v * v).Average());
        Assert.Equal(0.02, Std(p["wte"]), 1.5e-3);
        Assert.Equal(0.02, Std(p["h0.mlp.fc1.w"]), 1e-3);
        Assert.Equal(0.02, Std(p["lm_head.w"]), 1.5e-3);
        Assert.Equal(0.02 / Math.Sqrt(8), Std(p["h3.attn.wo"]), 5e-4);
        Assert.Equal(0.02 / Math.Sqrt(8), Std(p["h1.mlp.fc2.w"]), 3e-4);
        Assert.All(p["h2.ln1.g"].ToArray(), v => Assert.Equal(1.0, v));
        Assert.All(p["ln_f.b"].ToArray(), v => Assert.Equal(0.0, v));
        Assert.All(p["h0.attn.bq"].ToArray(), v => Assert.Equal(0.0, v));
    }

    public static TheoryData<string> Configs() => ["b5", "micro", "tied"];

    private static GptConfig ConfigNamed(string name) => name switch
    {
        "b5" => Tiny,
        "micro" => TinyMicro,
        _ => Tiny with { TieWeights = true, Norm = GptNorm.RmsNorm },
    };

    [Theory, MemberData(nameof(Configs))]
    public void Logits_match_the_GPT_computed_by_plain_loops(string name)
    {
        var config = ConfigNamed(name);
        var built = Layers.Gpt(Ids(Tokens), config).Build();
        var p = Perturbed(built.Init(8));

        var logits = built.Value.Evaluate(p.ToEnv());

        var expected = Enumerable.Range(0, 2).SelectMany(b => Reference.Gpt(Row(Tokens, b), config, p)).ToArray();
        Checks.Close(Reference.FromRows([2, 5, 7], expected), logits, 1e-12, name);
        Assert.Equal(config.TieWeights, !p.ContainsKey("lm_head.w"));
    }

    [Fact]
    public void A_single_sequence_of_token_ids_gives_logits_without_a_batch_axis()
    {
        var built = Layers.Gpt(Expr.Constant(Tensor.Vector(2, 0, 5)), Tiny).Build();
        var p = built.Init(1);
        var logits = built.Value.Evaluate(p.ToEnv());
        Assert.Equal(Shape.Of(3, 7), logits.Shape);
        Checks.Close(Reference.FromRows([3, 7], Reference.Gpt([2, 0, 5], Tiny, p)), logits);
    }

    [Theory, MemberData(nameof(Configs))]
    public void The_loss_of_a_two_layer_tiny_GPT_passes_the_gradient_check(string name)
    {
        var config = ConfigNamed(name);
        var built = Layers.Gpt(Ids(Tokens), config).Select(l => Losses.SoftmaxCrossEntropy(l, Ids(Targets))).Build();
        var p = Perturbed(built.Init(9));
        var expectedLoss = Enumerable.Range(0, 2).Average(b => Reference.CrossEntropy(Reference.Gpt(Row(Tokens, b), config, p), Row(Targets, b)));
        Assert.Equal(expectedLoss, built.Value.Evaluate(p.ToEnv()).ToScalar(), 1e-12);

        var report = Checks.GradientsAreRight(built.Value, p.ToEnv(), $"tiny GPT ({name}) loss");
        Assert.Equal(p.Count, report.Variables.Count);
    }

    private static (GptConfig Config, int Batch, int Length, int Position) DrawCase(Choices c)
    {
        var heads = c.OneOf(1, 2);
        var config = new GptConfig(5, heads * c.Next(2, 4), heads, c.Next(1, 2), 6)
        {
            Norm = c.OneOf(GptNorm.LayerNorm, GptNorm.RmsNorm),
            Activation = c.OneOf(GptActivation.Gelu, GptActivation.Relu),
            Bias = c.Next(0, 1) == 1,
            EmbeddingNorm = c.Next(0, 1) == 1,
            FinalNorm = c.Next(0, 1) == 1,
            InitStd = 0.3,
        };
        var length = c.Next(2, 6);
        return (config, c.Next(1, 2), length, c.Next(0, length - 2));
    }

    [Fact]
    public void Trunk_output_at_position_t_has_exactly_zero_gradient_with_respect_to_later_embeddings() =>
        Checks.ForAll(c => $"trunk causality {DrawCase(c)}", c =>
        {
            var (config, batch, length, t) = DrawCase(c);
            var x = Expr.Variable("x", [batch, length, config.Width]);
            var built = Layers.GptTrunk(x, config).Build();
            var env = Perturbed(built.Init(t)).ToEnv(Env.Of(("x", Checks.Uniform(x.Shape, length))));

            var dx = Causality.CotangentAt(built.Value, x, t, env);

            Causality.AssertLaterRowsAreExactlyZero(dx, t);
        });

    [Fact]
    public void Logits_at_position_t_do_not_change_when_later_tokens_change()
    {
        var built = Layers.Gpt(Ids(Tokens), Tiny).Build();
        var changed = (int[,])Tokens.Clone();
        changed[0, 3] = 0;
        changed[0, 4] = 1;
        changed[1, 4] = 6;
        var p = Perturbed(built.Init(2));

        var before = built.Value.Evaluate(p.ToEnv());
        var after = Layers.Gpt(Ids(changed), Tiny).Build().Value.Evaluate(p.ToEnv());

        // Earlier positions agree to rounding (the exact-zero statement is the gradient test above); later ones move visibly.
        for (var b = 0; b < 2; b++)
            for (var t = 0; t < 5; t++)
            {
                var firstChange = b == 0 ? 3 : 4;
                var change = Enumerable.Range(0, 7).Max(v => Math.Abs(before[b, t, v] - after[b, t, v]));
                Assert.True(t < firstChange ? change <= 1e-13 : change > 1e-6, $"batch {b} position {t}: logits changed by {change:E3}");
            }
    }

    [Fact]
    public void Token_sequences_longer_than_the_block_or_of_the_wrong_rank_are_shape_errors()
    {
        var tooLong = Assert.Throws<ShapeException>(() => Layers.Gpt(Expr.Constant(Tensor.Zeros([2, 6])), Tiny));
        Assert.Contains("length 6", tooLong.Message, StringComparison.Ordinal);
        Assert.Contains("BlockSize 5", tooLong.Message, StringComparison.Ordinal);
        var rank = Assert.Throws<ShapeException>(() => Layers.Gpt(Expr.Constant(Tensor.Zeros([1, 2, 3])), Tiny));
        Assert.Contains("[T] or [B, T]", rank.Message, StringComparison.Ordinal);
        var width = Assert.Throws<ShapeException>(() => Layers.GptTrunk(Expr.Variable("x", [2, 5, 9]), Tiny));
        Assert.Contains("Width is 8", width.Message, StringComparison.Ordinal);
    }
}
