using Dual.Models;

namespace Dual.Cli.Tests.Commands;

/// <summary><c>dual train shakespeare</c>: the B5 model for one step, and resuming exactly (on a small model of the same task).</summary>
public sealed class TrainShakespeareCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void One_step_of_the_B5_model_reports_its_loss_size_evaluation_and_a_sample()
    {
        var run = CliRun.Of("train", "shakespeare", "--steps", "1");

        // The first step's loss, computed apart: the B5 model at Dual's init (seed 55) on the batch of step 0.
        var corpus = TextCorpus.Shakespeare();
        var batch = corpus.Batch(DataSplit.Train, 16, 64, 55, 0);
        var model = Layers.Gpt(Expr.Constant(batch.Context), GptConfig.Shakespeare)
            .Select(logits => Losses.SoftmaxCrossEntropy(logits, Expr.Constant(batch.Targets))).Build();
        var expected = Evaluator.Evaluate(model.Value, model.Init(55).ToEnv()).ToScalar();

        var output = GptRunOutput.Of(run, "shakespeare");
        Assert.Equal(expected, output.Loss, 1e-12);
        Assert.Equal(818_176, output.Params);
        Assert.Equal(1, output.Steps);
        Assert.InRange(output.Loss, Math.Log(65) - 0.5, Math.Log(65) + 0.5);
        Assert.True(double.IsFinite(output.ValLoss));
        Assert.Single(run.StdoutLines, l => l.StartsWith("eval step 1: loss=", StringComparison.Ordinal));
        Assert.Single(run.StdoutLines, l => l.StartsWith("sample: ", StringComparison.Ordinal));
        Assert.True(GptRunOutput.Value(run, "step_ms") > 0);
    }

    // A small model of the shakespeare task (the B5 vocabulary), at step 0 with AdamW's initial state.
    private string SmallCheckpoint()
    {
        var corpus = TextCorpus.Shakespeare();
        var config = new GptConfig(corpus.Tokenizer.VocabSize, 16, 2, 1, 8);
        var weights = Layers.Gpt(Expr.Variable("tokens", [1]), config).Build().Init(3);
        var state = new AdamW(1e-3, 0.1).Init(weights);
        var settings = new Dictionary<string, string> { ["seed"] = "5", ["lr"] = "0.001", ["warmup_steps"] = "1", ["decay_steps"] = "4" };
        var path = _temp.File("small.safetensors");
        new GptCheckpoint("shakespeare", config, corpus.Tokenizer, weights, 0, state, "AdamW", settings).Save(path);
        return path;
    }

    [Fact]
    public void Resuming_twice_for_one_step_equals_resuming_once_for_two_bit_for_bit()
    {
        var start = SmallCheckpoint();
        var (once, step1, twice) = (_temp.File("once.safetensors"), _temp.File("step1.safetensors"), _temp.File("twice.safetensors"));

        var a = CliRun.Of("train", "shakespeare", "--resume", start, "--steps", "2", "--out", once);
        var b = CliRun.Of("train", "shakespeare", "--resume", start, "--steps", "1", "--out", step1);
        var c = CliRun.Of("train", "shakespeare", "--resume", step1, "--steps", "1", "--out", twice);

        Assert.Equal(2, GptRunOutput.Of(a, "shakespeare").Steps);
        Assert.Equal(1, GptRunOutput.Of(b, "shakespeare").Steps);
        Assert.Equal(2, GptRunOutput.Of(c, "shakespeare").Steps);
        var (direct, chained) = (GptCheckpoint.Load(once), GptCheckpoint.Load(twice));
        foreach (var (path, value) in direct.Params)
            Assert.True(value.Equals(chained.Params[path]), path);
        foreach (var (path, value) in direct.Optimizer!["v"])
            Assert.True(value.Equals(chained.Optimizer!["v"][path]), path);
        Assert.Equal(direct.TrainLosses, chained.TrainLosses);
        Assert.Equal(GptRunOutput.Of(a, "shakespeare").Loss, GptRunOutput.Of(c, "shakespeare").Loss);
        Assert.Equal(5, chained.IntSetting("seed"));
    }

    [Fact]
    public void A_names_checkpoint_cannot_be_resumed_as_shakespeare()
    {
        var tokenizer = DocumentCorpus.Names().Tokenizer;
        var weights = Layers.Gpt(Expr.Variable("tokens", [1]), GptConfig.MicroGpt).Build().Init(0);
        var path = _temp.File("names.safetensors");
        new GptCheckpoint("names", GptConfig.MicroGpt, tokenizer, weights, 0, new Adam(0.1).Init(weights)).Save(path);

        var run = CliRun.Of("train", "shakespeare", "--resume", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("'names' checkpoint", run.Stderr, StringComparison.Ordinal);
    }
}
