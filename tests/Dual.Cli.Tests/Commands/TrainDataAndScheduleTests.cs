using System.Globalization;
using Dual.Models;

namespace Dual.Cli.Tests.Commands;

/// <summary>
/// <c>--data FILE</c> trains on the user's text, and its bad inputs are one clear line each (a missing file: exit 2
/// before work; an empty, non-UTF-8 or too-short corpus, or characters the checkpoint's tokenizer lacks: exit 1).
/// <c>--resume</c> keeps the checkpoint's schedule, and says so when the run goes past its end.
/// </summary>
public sealed class TrainDataAndScheduleTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Names(params string[] lines)
    {
        var path = _temp.File("mine.txt");
        File.WriteAllText(path, string.Join('\n', lines));
        return path;
    }

    private static readonly string[] Pets = ["rex", "fido", "tom", "kitty", "bella", "max", "luna", "coco", "milo", "nala", "otto", "pip"];

    [Fact]
    public void Names_trains_on_the_users_file_with_its_own_vocabulary()
    {
        var data = Names(Pets);
        var path = _temp.File("pets.safetensors");

        var run = CliRun.Of("train", "names", "--data", data, "--steps", "3", "--out", path);

        var output = GptRunOutput.Of(run, "names");
        Assert.Equal(3, output.Steps);
        Assert.Contains($"{data}: 10 training names, 2 held out", run.Stdout, StringComparison.Ordinal);
        var checkpoint = GptCheckpoint.Load(path);
        Assert.Equal(string.Concat(string.Concat(Pets).Distinct().Order()), string.Concat(checkpoint.Tokenizer.Alphabet));
        Assert.Equal(checkpoint.Tokenizer.VocabSize, checkpoint.Config.VocabSize);
        Assert.Equal("file", checkpoint.Settings["data"]);

        // Resumed without --data, it goes on with the same file.
        var resumed = CliRun.Of("train", "names", "--resume", path, "--steps", "1");
        Assert.Equal(4, GptRunOutput.Of(resumed, "names").Steps);
    }

    [Fact]
    public void A_missing_data_file_is_a_usage_error_before_work()
    {
        var run = CliRun.Of("train", "names", "--data", _temp.File("nope.txt"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("nope.txt' does not exist", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public void Data_with_golden_init_or_for_a_classifier_is_a_usage_error()
    {
        var data = Names(Pets);

        Assert.Equal(2, CliRun.Of("train", "names", "--init", "golden", "--data", data).ExitCode);
        Assert.Equal(2, CliRun.Of("train", "xor", "--data", data).ExitCode);
    }

    [Theory]
    [InlineData(new byte[] { }, "is empty")]
    [InlineData(new byte[] { 0x20, 0x0A, 0x09, 0x0A }, "is empty")]
    [InlineData(new byte[] { 0x61, 0x6E, 0x6E, 0x0A, 0xC3, 0x28, 0x0A }, "is not UTF-8 text: byte 0xC3 at offset 4")]
    [InlineData(new byte[] { 0x61, 0x6E, 0x6E, 0x0A }, "too few to hold out")]
    public void An_unusable_corpus_is_exit_1_with_one_line(byte[] bytes, string fragment)
    {
        var data = _temp.File("bad.txt");
        File.WriteAllBytes(data, bytes);

        var run = CliRun.Of("train", "names", "--data", data, "--steps", "1");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(fragment, run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Resuming_on_a_corpus_with_characters_the_checkpoint_lacks_names_them()
    {
        var path = _temp.File("names.safetensors");
        Assert.Equal(0, CliRun.Of("train", "names", "--steps", "1", "--out", path).ExitCode);
        var data = Names([.. Pets, "zoë", "José"]);

        var run = CliRun.Of("train", "names", "--resume", path, "--data", data, "--steps", "1");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("has characters the checkpoint's tokenizer lacks: 'ë' (U+00EB), 'J' (U+004A), 'é' (U+00E9)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Resuming_on_a_corpus_with_fewer_characters_keeps_the_checkpoints_token_ids()
    {
        var path = _temp.File("names.safetensors");
        Assert.Equal(0, CliRun.Of("train", "names", "--steps", "1", "--out", path).ExitCode);
        var after = _temp.File("after.safetensors");

        var run = CliRun.Of("train", "names", "--resume", path, "--data", Names(Pets), "--steps", "1", "--out", after);

        Assert.Equal(2, GptRunOutput.Of(run, "names").Steps);
        Assert.Equal(27, GptCheckpoint.Load(after).Tokenizer.VocabSize);
    }

    // A small model of the shakespeare task, at step 0, whose saved schedule decays over `decay` steps.
    private string SmallShakespeare(int decay, int warmup = 1)
    {
        var corpus = TextCorpus.Shakespeare();
        var config = new GptConfig(corpus.Tokenizer.VocabSize, 16, 2, 1, 8);
        var weights = Layers.Gpt(Expr.Variable("tokens", [1]), config).Build().Init(3);
        var settings = new Dictionary<string, string>
        {
            ["seed"] = "5", ["lr"] = "0.001",
            ["warmup_steps"] = warmup.ToString(CultureInfo.InvariantCulture), ["decay_steps"] = decay.ToString(CultureInfo.InvariantCulture),
        };
        var path = _temp.File($"small-{decay}.safetensors");
        new GptCheckpoint("shakespeare", config, corpus.Tokenizer, weights, 0, new AdamW(1e-3, 0.1).Init(weights), "AdamW", settings).Save(path);
        return path;
    }

    [Fact]
    public void Resuming_past_the_schedules_end_keeps_the_schedule_and_says_so()
    {
        var start = SmallShakespeare(decay: 2);
        var (chained1, chained2, straight) = (_temp.File("c1.safetensors"), _temp.File("c2.safetensors"), _temp.File("s.safetensors"));

        var a = CliRun.Of("train", "shakespeare", "--resume", start, "--steps", "1", "--out", chained1);
        var b = CliRun.Of("train", "shakespeare", "--resume", chained1, "--steps", "3", "--out", chained2);
        var c = CliRun.Of("train", "shakespeare", "--resume", start, "--steps", "4", "--out", straight);

        Assert.DoesNotContain("note:", a.Stdout, StringComparison.Ordinal);
        Assert.Contains("note: the checkpoint's schedule ends at step 2; steps 3..4 keep its final learning rate 0.0001", b.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, GptCheckpoint.Load(chained2).IntSetting("decay_steps"));
        var (viaTwo, direct) = (GptCheckpoint.Load(chained2), GptCheckpoint.Load(straight));
        foreach (var (name, value) in direct.Params)
            Assert.True(value.Equals(viaTwo.Params[name]), name);
        Assert.Equal(0.0001, GptRunOutput.StepLines(c).Last().Lr, 12);
    }

    [Fact]
    public void Names_past_its_linear_decay_says_the_weights_stop_changing()
    {
        var tokenizer = DocumentCorpus.Names().Tokenizer;
        var weights = Layers.Gpt(Expr.Variable("tokens", [1]), GptConfig.MicroGpt).Build().Init(0);
        var path = _temp.File("decayed.safetensors");
        var state = new OptimizerState(3, new Adam(0.01).Init(weights).Slots);
        new GptCheckpoint("names", GptConfig.MicroGpt, tokenizer, weights, 3, state, "adam",
            new Dictionary<string, string> { ["seed"] = "1", ["lr"] = "0.01", ["decay_steps"] = "3" }).Save(path);

        var run = CliRun.Of("train", "names", "--resume", path, "--steps", "2");

        Assert.Contains("steps 4..5 keep its final learning rate 0 (they do not change the weights", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(5, GptRunOutput.Of(run, "names").Steps);
    }

    [Fact]
    public void Shakespeare_resumes_on_the_users_text_with_the_checkpoints_tokenizer_and_refuses_one_too_short()
    {
        var start = SmallShakespeare(decay: 10);
        var text = _temp.File("speech.txt");
        File.WriteAllText(text, string.Concat(Enumerable.Repeat("To be, or not to be: that is the question.\n", 40)));
        var tiny = _temp.File("tiny.txt");
        File.WriteAllText(tiny, "To be.\n");

        var run = CliRun.Of("train", "shakespeare", "--resume", start, "--data", text, "--steps", "1");
        var tooShort = CliRun.Of("train", "shakespeare", "--resume", start, "--data", tiny, "--steps", "1");

        Assert.Equal(1, GptRunOutput.Of(run, "shakespeare").Steps);
        Assert.Contains($"{text}: ", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, tooShort.ExitCode);
        Assert.Contains("too few for batches", tooShort.Stderr, StringComparison.Ordinal);
    }
}
