using Dual.Models;

namespace Dual.Cli.Tests.Commands;

/// <summary>
/// Hostile checkpoints through the command line: every input the fuzzer found, and a config claiming a billion layers,
/// end in one line on stderr and exit 1 (or a normal run), never a stack trace, a hang or a huge allocation.
/// </summary>
public sealed class HostileCheckpointTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "FuzzCases"), "*.bin").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    private static void AssertOneLineOrSuccess(CliRun run)
    {
        Assert.True(run.ExitCode is 0 or 1, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected error", run.Stderr, StringComparison.Ordinal);
        Assert.True(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length <= 1, run.Stderr);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_fuzzer_finding_is_one_line_through_sample_and_resume(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "FuzzCases", file);

        AssertOneLineOrSuccess(CliRun.Of("sample", "--checkpoint", path, "--count", "2"));
        AssertOneLineOrSuccess(CliRun.Of("train", "names", "--resume", path, "--steps", "1"));
    }

    [Fact]
    public void A_config_claiming_a_billion_layers_is_refused_at_once()
    {
        var good = _temp.File("good.safetensors");
        Assert.Equal(0, CliRun.Of("train", "names", "--steps", "1", "--out", good).ExitCode);
        var raw = SafeTensors.Load(good);
        var meta = raw.Metadata.ToDictionary();
        meta["config"] = meta["config"].Replace("\"Layers\":1", "\"Layers\":1000000000", StringComparison.Ordinal);
        var hostile = _temp.File("hostile.safetensors");
        SafeTensors.Save(hostile, raw.Tensors, meta);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var run = CliRun.Of("sample", "--checkpoint", hostile);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Layers is 1000000000, more than the limit of 1024", run.Stderr, StringComparison.Ordinal);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 64L << 20);
    }

    [Fact]
    public void A_checkpoint_whose_optimizer_keeps_other_slots_cannot_be_resumed()
    {
        var tokenizer = DocumentCorpus.Names().Tokenizer;
        var weights = Layers.Gpt(Expr.Variable("tokens", [1]), GptConfig.MicroGpt).Build().Init(0);
        var path = _temp.File("sgd.safetensors");
        var state = new OptimizerState(0, [new("velocity", weights)]);
        new GptCheckpoint("names", GptConfig.MicroGpt, tokenizer, weights, 0, state, "sgd",
            new Dictionary<string, string> { ["seed"] = "1", ["lr"] = "0.01", ["decay_steps"] = "1000" }).Save(path);

        var run = CliRun.Of("train", "names", "--resume", path, "--steps", "1");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("its optimizer state has the slots 'velocity'; the names optimizer keeps 'm', 'v'", run.Stderr, StringComparison.Ordinal);
    }
}
