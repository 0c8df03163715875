using Dual.Models;

namespace Dual.Cli.Tests.Commands;

/// <summary><c>dual sample</c>: names until BOS, running text of a given length, seeded, and clear errors for what the model cannot take.</summary>
public sealed class SampleCommandTests : IDisposable
{
    private static readonly CharTokenizer NamesTokenizer = DocumentCorpus.Names().Tokenizer;
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    // microgpt's golden initial weights (random, but fixed and meaningful-sized), as a names checkpoint.
    private string NamesCheckpoint()
    {
        var path = _temp.File("names.safetensors");
        new GptCheckpoint("names", GptConfig.MicroGpt, NamesTokenizer, MicroGptGolden.Load().Init, 0).Save(path);
        return path;
    }

    private (string Path, GptConfig Config, Params Weights, CharTokenizer Tokenizer) TextCheckpoint()
    {
        var tokenizer = TextCorpus.Shakespeare().Tokenizer;
        var config = new GptConfig(tokenizer.VocabSize, 16, 2, 1, 8) { InitStd = 0.5 };
        var weights = Layers.Gpt(Expr.Variable("tokens", [1]), config).Build().Init(1);
        var path = _temp.File("text.safetensors");
        new GptCheckpoint("shakespeare", config, tokenizer, weights, 0).Save(path);
        return (path, config, weights, tokenizer);
    }

    // Greedy decoding computed apart: the logits of the last position of a graph built with the context as constants.
    private static List<int> Greedy(GptConfig config, Params weights, List<int> context, int count, int? stop)
    {
        var drawn = new List<int>();
        while (drawn.Count < count)
        {
            var window = context.TakeLast(config.BlockSize).ToArray();
            var logits = Evaluator.Evaluate(Layers.Gpt(Expr.Constant(Tensor.Generate([window.Length], t => window[t])), config).Build().Value, weights.ToEnv())
                .Span[^config.VocabSize..].ToArray();
            var next = Array.IndexOf(logits, logits.Max());
            if (next == stop) break;
            drawn.Add(next);
            context.Add(next);
        }
        return drawn;
    }

    [Fact]
    public void Names_start_with_the_prompt_and_the_same_seed_gives_the_same_names()
    {
        var path = NamesCheckpoint();

        var a = CliRun.Of("sample", "--checkpoint", path, "--prompt", "ma", "--count", "6", "--seed", "1", "--temperature", "1.5");
        var b = CliRun.Of("sample", "--checkpoint", path, "--prompt", "ma", "--count", "6", "--seed", "1", "--temperature", "1.5");
        var c = CliRun.Of("sample", "--checkpoint", path, "--prompt", "ma", "--count", "6", "--seed", "2", "--temperature", "1.5");

        Assert.Equal(0, a.ExitCode);
        Assert.Equal(6, a.StdoutLines.Length);
        Assert.All(a.StdoutLines, name => Assert.Matches("^ma[a-z]*$", name));
        Assert.All(a.StdoutLines, name => Assert.True(name.Length <= 2 + 15, name));
        Assert.Equal(a.Stdout, b.Stdout);
        Assert.NotEqual(a.Stdout, c.Stdout);
    }

    [Fact]
    public void Twenty_names_by_default_and_tokens_caps_their_length()
    {
        var run = CliRun.Of("sample", "--checkpoint", NamesCheckpoint(), "--tokens", "3", "--temperature", "2");

        Assert.Equal(0, run.ExitCode);
        var names = run.Stdout.Split('\n')[..^1];
        Assert.Equal(20, names.Length);
        Assert.All(names, name => Assert.InRange(name.Length, 0, 3));
        Assert.Contains(names, name => name.Length == 3);
    }

    [Fact]
    public void Top_k_1_is_greedy_decoding_until_BOS()
    {
        var weights = MicroGptGolden.Load().Init;
        var bos = NamesTokenizer.Bos;
        var expected = Greedy(GptConfig.MicroGpt, weights, [bos, .. NamesTokenizer.Encode("jo")], 16 - 3 + 1, bos);

        var run = CliRun.Of("sample", "--checkpoint", NamesCheckpoint(), "--prompt", "jo", "--top-k", "1", "--count", "2");

        Assert.Equal(0, run.ExitCode);
        var name = "jo" + NamesTokenizer.Decode(expected);
        Assert.Equal([name, name], run.StdoutLines);
    }

    [Fact]
    public void Running_text_is_the_prompt_and_the_given_number_of_characters_greedy_with_top_k_1()
    {
        var (path, config, weights, tokenizer) = TextCheckpoint();
        var expected = "ROMEO:" + tokenizer.Decode(Greedy(config, weights, [.. tokenizer.Encode("ROMEO:")], 30, null));

        var greedy = CliRun.Of("sample", "--checkpoint", path, "--prompt", "ROMEO:", "--tokens", "30", "--top-k", "1");
        var a = CliRun.Of("sample", "--checkpoint", path, "--tokens", "50", "--seed", "4");
        var b = CliRun.Of("sample", "--checkpoint", path, "--tokens", "50", "--seed", "4");

        Assert.Equal(0, greedy.ExitCode);
        Assert.Equal(expected + "\n", greedy.Stdout);
        Assert.Equal(0, a.ExitCode);
        Assert.Equal(1 + 50 + 1, a.Stdout.Length); // the default prompt "\n", 50 characters, the final newline
        Assert.Equal(a.Stdout, b.Stdout);
    }

    [Theory]
    [InlineData("'Z' (U+005A), '1' (U+0031)", new[] { "--prompt", "aZb1Z" })]
    [InlineData("'--top-k'", new[] { "--top-k", "28" })]
    [InlineData("vocabulary size 27", new[] { "--top-k", "28" })]
    [InlineData("at most 15 characters", new[] { "--prompt", "abcdefghijklmnop" })]
    public void What_the_model_cannot_take_is_a_usage_error_naming_it(string fragment, string[] options)
    {
        var run = CliRun.Of(["sample", "--checkpoint", NamesCheckpoint(), .. options]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(fragment, run.Stderr, StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public void Count_applies_to_names_only()
    {
        var run = CliRun.Of("sample", "--checkpoint", TextCheckpoint().Path, "--count", "3");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--count", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--temperature", "0")]
    [InlineData("--temperature", "-1")]
    [InlineData("--temperature", "NaN")]
    [InlineData("--temperature", "Infinity")]
    [InlineData("--top-k", "0")]
    [InlineData("--tokens", "0")]
    [InlineData("--count", "-2")]
    public void Bad_option_values_are_usage_errors(string option, string value)
    {
        var run = CliRun.Of("sample", "--checkpoint", "whatever.safetensors", option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(option, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_checkpoint_option_is_required()
    {
        var run = CliRun.Of("sample");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--checkpoint", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_corrupt_or_mismatched_checkpoint_is_exit_1_with_the_reason()
    {
        var missing = CliRun.Of("sample", "--checkpoint", _temp.File("none.safetensors"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("does not exist", missing.Stderr, StringComparison.Ordinal);

        var corrupt = _temp.File("corrupt.safetensors");
        File.WriteAllText(corrupt, "this is not a checkpoint at all");
        var broken = CliRun.Of("sample", "--checkpoint", corrupt);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("header length", broken.Stderr, StringComparison.Ordinal);

        var good = SafeTensors.Load(NamesCheckpoint());
        var partial = _temp.File("partial.safetensors");
        SafeTensors.Save(partial, good.Tensors.Where(t => t.Key != "h0.mlp.fc2.w"), good.Metadata);
        var mismatched = CliRun.Of("sample", "--checkpoint", partial);
        Assert.Equal(1, mismatched.ExitCode);
        Assert.Contains("missing: h0.mlp.fc2.w", mismatched.Stderr, StringComparison.Ordinal);
        Assert.Equal("", mismatched.Stdout);
    }
}
