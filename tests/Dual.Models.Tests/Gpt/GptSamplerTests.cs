namespace Dual.Models.Tests;

/// <summary>Sampling from a GPT: the logits are the model's, the draws follow softmax(logits / T) restricted to the top k, and a seed fixes the text.</summary>
public class GptSamplerTests
{
    private static readonly GptConfig Config = new(7, 8, 2, 1, 5) { InitStd = 0.5 };

    private static Params Weights(int seed) => Layers.Gpt(Expr.Variable("tokens", [1]), Config).Build().Init(seed);

    // The logits of the last position, from a graph built with constant tokens.
    private static double[] Reference(Params p, int[] context)
    {
        var logits = Layers.Gpt(Expr.Constant(Tensor.Generate([context.Length], t => context[t])), Config).Build().Value;
        return Evaluator.Evaluate(logits, p.ToEnv()).Span[^Config.VocabSize..].ToArray();
    }

    [Fact]
    public void Next_logits_are_the_last_positions_logits_and_the_context_slides_over_the_last_block()
    {
        var p = Weights(1);
        var sampler = new GptSampler(Config, p);

        Assert.Equal(Reference(p, [3]), sampler.NextLogits([3]));
        Assert.Equal(Reference(p, [3, 1, 4]), sampler.NextLogits([3, 1, 4]));
        Assert.Equal(Reference(p, [1, 5, 2, 6, 5]), sampler.NextLogits([3, 1, 4, 1, 5, 2, 6, 5]));
        Assert.Throws<ArgumentException>(() => sampler.NextLogits([]));
        Assert.Throws<ArgumentException>(() => sampler.NextLogits([7]));
    }

    [Fact]
    public void Top_1_is_the_argmax_and_greedy_generation_follows_it()
    {
        var p = Weights(2);
        var sampler = new GptSampler(Config, p);
        var context = new List<int> { 0 };
        var expected = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            var logits = Reference(p, [.. context.TakeLast(Config.BlockSize)]);
            var next = Array.IndexOf(logits, logits.Max());
            expected.Add(next);
            context.Add(next);
        }

        Assert.Equal(expected, sampler.Generate([0], 6, temperature: 1.0, topK: 1, seed: 123));
    }

    [Fact]
    public void Draws_follow_softmax_of_logits_over_temperature()
    {
        double[] logits = [1.0, 2.0, 0.5, -1.0];
        const double temperature = 0.7;
        var weights = logits.Select(l => Math.Exp(l / temperature)).ToArray();
        var expected = weights.Select(w => w / weights.Sum()).ToArray();
        var random = GptSampler.CreateRandom(9);
        const int n = 40_000;
        var counts = new int[logits.Length];
        for (var i = 0; i < n; i++) counts[GptSampler.Draw(logits, temperature, null, random)]++;

        for (var i = 0; i < logits.Length; i++)
        {
            // Four standard deviations of a binomial proportion.
            var sd = Math.Sqrt(expected[i] * (1 - expected[i]) / n);
            Assert.InRange((double)counts[i] / n, expected[i] - 4 * sd, expected[i] + 4 * sd);
        }
    }

    [Fact]
    public void Top_k_never_draws_outside_the_k_largest()
    {
        double[] logits = [0.1, 3.0, 0.2, 2.5, 0.3];
        var random = GptSampler.CreateRandom(4);
        var drawn = Enumerable.Range(0, 2000).Select(_ => GptSampler.Draw(logits, 5.0, 2, random)).ToHashSet();

        Assert.Equal([1, 3], drawn.Order());
    }

    [Fact]
    public void The_same_seed_gives_the_same_tokens_and_the_stop_token_ends_early()
    {
        var sampler = new GptSampler(Config, Weights(3));

        var a = sampler.Generate([0], 30, 1.5, null, seed: 7);
        var b = sampler.Generate([0], 30, 1.5, null, seed: 7);
        var c = sampler.Generate([0], 30, 1.5, null, seed: 8);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(30, a.Length);
        var stop = a[3];
        var stopped = sampler.Generate([0], 30, 1.5, null, seed: 7, stopToken: stop);
        Assert.Equal(a.TakeWhile(t => t != stop), stopped);
    }

    [Theory]
    [InlineData(0.0, null)]
    [InlineData(-1.0, null)]
    [InlineData(double.NaN, null)]
    [InlineData(double.PositiveInfinity, null)]
    [InlineData(1.0, 0)]
    [InlineData(1.0, 8)]
    public void Bad_temperature_or_top_k_is_rejected(double temperature, int? topK)
    {
        var sampler = new GptSampler(Config, Weights(0));

        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.Generate([0], 3, temperature, topK, 1));
    }

    [Fact]
    public void Parameters_that_do_not_fit_the_config_are_rejected_and_With_keeps_the_graphs()
    {
        var p = Weights(0);
        Assert.Throws<ArgumentException>(() => new GptSampler(Config with { Width = 4 }, p));
        var sampler = new GptSampler(Config, p);
        var later = sampler.With(Weights(5));

        Assert.Equal(Reference(Weights(5), [2, 3]), later.NextLogits([2, 3]));
        Assert.Throws<ArgumentException>(() => sampler.With(Params.Of(p.Take(3))));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_nan_or_infinite_logit_is_never_turned_into_a_token_id(double bad)
    {
        var e = Assert.Throws<ArithmeticException>(() => GptSampler.Draw([0.1, bad, 0.3], 1.0, null, GptSampler.CreateRandom(0)));

        Assert.Contains("token 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Logits_all_minus_infinity_have_no_distribution()
    {
        Assert.Throws<ArithmeticException>(() => GptSampler.Draw([double.NegativeInfinity, double.NegativeInfinity], 1.0, null, GptSampler.CreateRandom(0)));
        Assert.Equal(1, GptSampler.Draw([double.NegativeInfinity, 0.0], 1.0, null, GptSampler.CreateRandom(0)));
    }

    [Fact]
    public void A_model_with_a_nan_weight_refuses_to_sample()
    {
        var p = Weights(3);
        var poisoned = Params.Of(p.Select(kv => kv.Key == "lm_head.w"
            ? new KeyValuePair<string, Tensor>(kv.Key, Tensor.Generate(kv.Value.Shape, i => i == 0 ? double.NaN : kv.Value.Span[i]))
            : kv));

        Assert.Throws<ArithmeticException>(() => new GptSampler(Config, poisoned).Generate([0], 3, 1.0, null, seed: 0));
    }
}
