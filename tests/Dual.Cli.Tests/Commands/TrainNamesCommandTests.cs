using System.Text.RegularExpressions;
using Dual.Models;

namespace Dual.Cli.Tests.Commands;

/// <summary>
/// <c>dual train names</c>: microgpt's set-up. Expected numbers come from the library driven directly (the trainer is
/// itself checked against a hand-written Adam and microgpt's golden trace in Dual.Models.Tests).
/// </summary>
public sealed class TrainNamesCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_short_run_reports_the_running_mean_loss_validation_loss_and_microgpts_size()
    {
        var run = CliRun.Of("train", "names", "--steps", "4", "--eval-every", "4");

        // The same run through the library: data shuffled with seed 42, Dual's init with seed 42, microgpt's Adam over 1000 steps.
        var corpus = DocumentCorpus.Names(seed: 42);
        var trainer = new MicroGptTrainer(GptConfig.MicroGpt, corpus.Tokenizer, corpus.Documents(DataSplit.Train), MicroGptTrainer.MicroGptAdam(1000));
        var p = trainer.Init(42);
        var state = trainer.InitState(p);
        var losses = new double[4];
        for (var i = 0; i < 4; i++) (p, state, losses[i]) = trainer.Step(p, state);
        var validation = trainer.MeanLoss(p, corpus.Documents(DataSplit.Validation));

        var output = GptRunOutput.Of(run, "names");
        Assert.Equal(losses.Average(), output.Loss, 1e-12);
        Assert.Equal(validation, output.ValLoss, 1e-12);
        Assert.Equal(4, output.Steps);
        Assert.Equal(4192, output.Params);
        Assert.Equal(losses[^1], GptRunOutput.Value(run, "final_loss"), 1e-12);
        Assert.Equal(validation, GptRunOutput.Value(run, "val_loss"), 1e-12);
        var steps = GptRunOutput.StepLines(run);
        Assert.Equal([1, 2, 3, 4], steps.Select(s => s.Step));
        Assert.Equal(losses[0], steps[0].Loss, 4);
        Assert.Equal(0.01, steps[0].Lr);
        Assert.Equal(0.01 * (1 - 3 / 1000.0), steps[3].Lr, 6);
    }

    [Fact]
    public void Twenty_names_are_sampled_and_a_seed_repeats_them()
    {
        static string[] Samples(CliRun run) => run.StdoutLines.Where(l => l.StartsWith("sample ", StringComparison.Ordinal)).ToArray();

        var a = CliRun.Of("train", "names", "--steps", "2", "--eval-every", "2", "--seed", "3");
        var b = CliRun.Of("train", "names", "--steps", "2", "--eval-every", "2", "--seed", "3");
        var c = CliRun.Of("train", "names", "--steps", "2", "--eval-every", "2", "--seed", "4");

        Assert.Equal(20, Samples(a).Length);
        Assert.All(Samples(a), s => Assert.Matches(@"^sample +\d+: [a-z]*$", s));
        Assert.Equal(Samples(a), Samples(b));
        Assert.NotEqual(Samples(a), Samples(c));
        Assert.Equal(GptRunOutput.Of(a, "names").Loss, GptRunOutput.Of(b, "names").Loss);
        Assert.NotEqual(GptRunOutput.Of(a, "names").Loss, GptRunOutput.Of(c, "names").Loss);
    }

    [Fact]
    public void Init_golden_replays_microgpts_losses()
    {
        var golden = MicroGptGolden.Load();

        var run = CliRun.Of("train", "names", "--init", "golden", "--steps", "5", "--eval-every", "5");

        var output = GptRunOutput.Of(run, "names");
        Assert.Equal(golden.Losses.Take(5).Average(), output.Loss, 1e-12);
        Assert.Equal(golden.Losses[4], GptRunOutput.Value(run, "final_loss"), 1e-12);
        var diff = Regex.Match(run.Stdout, @"golden: max \|loss - microgpt's\| = (\S+) over steps 1\.\.5");
        Assert.True(diff.Success, run.Stdout);
        Assert.InRange(GptRunOutput.Parse(diff.Groups[1].Value), 0, 1e-12);
        Assert.Equal(4192, output.Params);
    }

    [Fact]
    public void Three_steps_saved_and_resumed_for_two_more_equal_five_steps_bit_for_bit()
    {
        var a = _temp.File("a.safetensors");
        var b = _temp.File("b.safetensors");
        var c = _temp.File("c.safetensors");

        var first = CliRun.Of("train", "names", "--steps", "3", "--eval-every", "10", "--out", a);
        var resumed = CliRun.Of("train", "names", "--resume", a, "--steps", "2", "--eval-every", "10", "--out", b);
        var straight = CliRun.Of("train", "names", "--steps", "5", "--eval-every", "10", "--out", c);

        Assert.Equal(3, GptRunOutput.Of(first, "names").Steps);
        var (viaResume, direct) = (GptCheckpoint.Load(b), GptCheckpoint.Load(c));
        Assert.Equal(5, viaResume.Step);
        Assert.Equal(direct.Params.Keys, viaResume.Params.Keys);
        foreach (var (path, value) in direct.Params)
            Assert.Equal(value.ToArray().Select(BitConverter.DoubleToInt64Bits), viaResume.Params[path].ToArray().Select(BitConverter.DoubleToInt64Bits));
        foreach (var slot in new[] { "m", "v" })
            foreach (var (path, value) in direct.Optimizer![slot])
                Assert.True(value.Equals(viaResume.Optimizer![slot][path]), $"{slot} {path}");
        Assert.Equal(direct.TrainLosses, viaResume.TrainLosses);
        Assert.Equal(GptRunOutput.Of(straight, "names") with { Seconds = 0 }, GptRunOutput.Of(resumed, "names") with { Seconds = 0 });
        Assert.Contains("resumed from", resumed.Stdout, StringComparison.Ordinal);
        Assert.Equal([4, 5], GptRunOutput.StepLines(resumed).Select(s => s.Step));
    }

    [Fact]
    public void The_checkpoint_holds_the_config_tokenizer_settings_and_history()
    {
        var path = _temp.File("m.safetensors");

        var run = CliRun.Of("train", "names", "--steps", "2", "--eval-every", "1", "--seed", "9", "--out", path);

        Assert.Equal(0, run.ExitCode);
        var checkpoint = GptCheckpoint.Load(path);
        Assert.Equal("names", checkpoint.Task);
        Assert.Equal(GptConfig.MicroGpt, checkpoint.Config);
        Assert.Equal("abcdefghijklmnopqrstuvwxyz", string.Concat(checkpoint.Tokenizer.Alphabet));
        Assert.True(checkpoint.Tokenizer.HasBos);
        Assert.Equal(2, checkpoint.Step);
        Assert.Equal(2, checkpoint.Optimizer!.Step);
        Assert.Equal(9, checkpoint.IntSetting("seed"));
        Assert.Equal(1000, checkpoint.IntSetting("decay_steps"));
        Assert.Equal(2, checkpoint.TrainLosses.Count);
        Assert.Equal([0, 1, 2], checkpoint.ValidationLosses.Select(p => p.Step));
        Assert.Equal(GptRunOutput.Of(run, "names").ValLoss, checkpoint.ValidationLosses[^1].Loss);
    }

    [Fact]
    public void Plot_writes_a_png_of_the_stated_size()
    {
        var path = _temp.File("loss.png");

        var run = CliRun.Of("train", "names", "--steps", "3", "--eval-every", "1", "--plot", path);

        Assert.Equal(0, run.ExitCode);
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        // IHDR: width and height, big-endian, at bytes 16..24.
        Assert.Equal(900, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(540, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
        Assert.True(bytes.Length > 5000, $"{bytes.Length} bytes");
    }

    [Fact]
    public void Plot_writes_an_svg_with_the_curves_named()
    {
        var path = _temp.File("loss.svg");

        var run = CliRun.Of("train", "names", "--steps", "3", "--eval-every", "1", "--plot", path);

        Assert.Equal(0, run.ExitCode);
        var svg = File.ReadAllText(path);
        Assert.Contains("<svg", svg, StringComparison.Ordinal);
        Assert.Contains("validation loss", svg, StringComparison.Ordinal);
        Assert.Contains("training loss", svg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--init", new[] { "train", "shakespeare", "--init", "golden" })]
    [InlineData("--out", new[] { "train", "xor", "--out", "x.safetensors" })]
    [InlineData("--resume", new[] { "train", "moons", "--resume", "x.safetensors" })]
    [InlineData("--eval-every", new[] { "train", "xor", "--eval-every", "3" })]
    [InlineData("--seed", new[] { "train", "names", "--resume", "x.safetensors", "--seed", "1" })]
    [InlineData("--lr", new[] { "train", "names", "--resume", "x.safetensors", "--lr", "0.1" })]
    [InlineData("--init", new[] { "train", "names", "--resume", "x.safetensors", "--init", "golden" })]
    [InlineData("--plot", new[] { "train", "names", "--plot", "loss.jpg" })]
    [InlineData("bogus", new[] { "train", "names", "--init", "bogus" })]
    [InlineData("--grad-norms", new[] { "train", "names", "--grad-norms" })]
    [InlineData("--eval-every", new[] { "train", "names", "--eval-every", "0" })]
    [InlineData("--steps", new[] { "train", "names", "--steps", "0" })]
    [InlineData("/no-such-folder-for-dual", new[] { "train", "names", "--out", "/no-such-folder-for-dual/m.safetensors" })]
    [InlineData("/no-such-folder-for-dual", new[] { "train", "shakespeare", "--plot", "/no-such-folder-for-dual/loss.png" })]
    public void Options_that_do_not_apply_are_usage_errors(string culprit, string[] args)
    {
        var run = CliRun.Of(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(culprit, run.Stderr, StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public void Resuming_from_a_missing_or_unsuitable_checkpoint_is_exit_1_with_the_reason()
    {
        var missing = CliRun.Of("train", "names", "--resume", _temp.File("none.safetensors"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("does not exist", missing.Stderr, StringComparison.Ordinal);

        var corrupt = _temp.File("corrupt.safetensors");
        File.WriteAllBytes(corrupt, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
        var broken = CliRun.Of("train", "names", "--resume", corrupt);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains(corrupt, broken.Stderr, StringComparison.Ordinal);

        var tokenizer = DocumentCorpus.Names().Tokenizer;
        var weights = Layers.Gpt(Expr.Variable("tokens", [1]), GptConfig.MicroGpt).Build().Init(0);
        var other = _temp.File("other.safetensors");
        new GptCheckpoint("shakespeare", GptConfig.MicroGpt, tokenizer, weights, 0, new Adam(0.1).Init(weights)).Save(other);
        var wrongTask = CliRun.Of("train", "names", "--resume", other);
        Assert.Equal(1, wrongTask.ExitCode);
        Assert.Contains("'shakespeare' checkpoint", wrongTask.Stderr, StringComparison.Ordinal);

        var noState = _temp.File("nostate.safetensors");
        new GptCheckpoint("names", GptConfig.MicroGpt, tokenizer, weights, 0).Save(noState);
        var cannotResume = CliRun.Of("train", "names", "--resume", noState);
        Assert.Equal(1, cannotResume.ExitCode);
        Assert.Contains("no optimizer state", cannotResume.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_lists_the_gpt_datasets_and_their_options()
    {
        var help = CliRun.Of("train", "--help");

        foreach (var word in new[] { "names", "shakespeare", "--out", "--resume", "--plot", "--init", "--eval-every" })
            Assert.Contains(word, help.Stdout, StringComparison.Ordinal);
    }
}
