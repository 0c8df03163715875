using System.Diagnostics;
using System.Net.Sockets;
using Dual.Models;

namespace Dual.Cli.Tests.Commands;

/// <summary>
/// <c>dual train</c> as a hostile user drives it: output paths refused before any work (exit 2), saves that keep
/// permissions and follow links, a diverging run that stops naming the step and saves nothing (exit 1), documented
/// limits on counts, and a poisoned checkpoint refused at load. Every path is inside the test's own temporary folder.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class TrainReliabilityTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    private static void AssertUsageErrorBeforeWork(CliRun run, string fragment)
    {
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        Assert.Contains(fragment, run.Stderr, StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public void An_empty_out_is_a_usage_error_before_training() =>
        AssertUsageErrorBeforeWork(CliRun.Of("train", "names", "--steps", "1", "--out", ""), "empty");

    [Fact]
    public void A_directory_fifo_or_socket_as_out_is_refused_before_training_and_left_alone()
    {
        var fifo = _temp.File("pipe");
        MakeFifo(fifo);
        var socketPath = _temp.File("sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));

        AssertUsageErrorBeforeWork(CliRun.Of("train", "names", "--steps", "1", "--out", _temp.Path), "a directory");
        AssertUsageErrorBeforeWork(CliRun.Of("train", "names", "--steps", "1", "--out", fifo), "named pipe");
        AssertUsageErrorBeforeWork(CliRun.Of("train", "xor", "--plot", fifo), "--plot");
        AssertUsageErrorBeforeWork(CliRun.Of("train", "names", "--steps", "1", "--out", socketPath), "a socket");
        Assert.Equal(Models.FileKind.Fifo, AtomicFile.KindOf(fifo));
        Assert.Equal(Models.FileKind.Socket, AtomicFile.KindOf(socketPath));
    }

    [Fact]
    public void The_same_file_for_two_outputs_or_an_output_and_an_input_is_refused()
    {
        var same = _temp.File("m.png");
        var checkpoint = _temp.File("c.safetensors");
        File.WriteAllText(checkpoint, "not read: the check comes first");
        File.CreateSymbolicLink(_temp.File("alias.png"), same);
        File.WriteAllText(same, "");

        AssertUsageErrorBeforeWork(CliRun.Of("train", "names", "--out", same, "--plot", same), "name the same file");
        AssertUsageErrorBeforeWork(CliRun.Of("train", "names", "--out", _temp.File("alias.png"), "--plot", same), "name the same file");
        AssertUsageErrorBeforeWork(CliRun.Of("train", "names", "--resume", checkpoint, "--plot", _temp.File("c.svg"), "--data", _temp.File("c.svg")), "does not exist");
        File.WriteAllText(_temp.File("names.txt"), "ann\nbob\n");
        AssertUsageErrorBeforeWork(CliRun.Of("train", "names", "--data", _temp.File("names.txt"), "--out", _temp.File("names.txt")), "'--data' reads");
    }

    [Fact]
    public void A_save_keeps_the_files_permissions_follows_a_symbolic_link_and_removes_a_killed_runs_temporary_file()
    {
        var target = _temp.File("real.safetensors");
        File.WriteAllText(target, "old");
        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var link = _temp.File("latest.safetensors");
        File.CreateSymbolicLink(link, target);
        int deadPid;
        using (var finished = Process.Start("true"))
        {
            finished.WaitForExit();
            deadPid = finished.Id;
        }

        var stale = _temp.File($".real.safetensors.{deadPid}-deadbeef{AtomicFile.TemporaryExtension}");
        File.WriteAllText(stale, "half of a checkpoint from a killed save");

        var run = CliRun.Of("train", "names", "--steps", "1", "--out", link);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(Models.FileKind.SymbolicLink, AtomicFile.KindOf(link));
        Assert.Equal(1, GptCheckpoint.Load(target).Step);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(target));
        Assert.False(File.Exists(stale));
        Assert.Empty(Directory.GetFiles(_temp.Path, "*" + AtomicFile.TemporaryExtension));
    }

    [Fact]
    public void A_diverging_run_stops_at_the_first_non_finite_step_exit_1_and_saves_nothing_over_a_good_checkpoint()
    {
        var good = _temp.File("good.safetensors");
        Assert.Equal(0, CliRun.Of("train", "names", "--steps", "1", "--out", good).ExitCode);
        var before = File.ReadAllBytes(good);

        var run = CliRun.Of("train", "names", "--steps", "20", "--lr", "1e300", "--out", good, "--plot", _temp.File("loss.png"));

        Assert.Equal(1, run.ExitCode);
        Assert.Matches(@"dual train names: training diverged at step \d+: ", run.Stderr);
        Assert.Contains("Nothing was saved", run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(before, File.ReadAllBytes(good));
        Assert.False(File.Exists(_temp.File("loss.png")));
        Assert.DoesNotContain("Infinity", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_diverging_classifier_is_exit_1_not_a_summary_with_infinity()
    {
        var run = CliRun.Of("train", "xor", "--steps", "50", "--lr", "1e300");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("training diverged at step", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Resuming_a_checkpoint_with_a_nan_weight_names_the_tensor_and_index()
    {
        var good = _temp.File("good.safetensors");
        Assert.Equal(0, CliRun.Of("train", "names", "--steps", "1", "--out", good).ExitCode);
        var raw = SafeTensors.Load(good);
        var poisoned = _temp.File("poisoned.safetensors");
        SafeTensors.Save(poisoned, raw.Tensors.Select(kv => kv.Key == "h0.mlp.fc1.w"
            ? new KeyValuePair<string, Tensor>(kv.Key, Tensor.Generate(kv.Value.Shape, i => i == 9 ? double.NaN : kv.Value.Span[i]))
            : kv), raw.Metadata);

        var resume = CliRun.Of("train", "names", "--resume", poisoned, "--steps", "1");
        var sample = CliRun.Of("sample", "--checkpoint", poisoned);

        foreach (var run in new[] { resume, sample })
        {
            Assert.Equal(1, run.ExitCode);
            Assert.Contains("tensor 'h0.mlp.fc1.w' [16, 64] has NaN at index 9", run.Stderr, StringComparison.Ordinal);
            Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
    }

    [Theory]
    [InlineData("--steps", new[] { "train", "names", "--steps", "2147483647" })]
    [InlineData("--steps", new[] { "train", "xor", "--steps", "10000001" })]
    [InlineData("--count", new[] { "sample", "--checkpoint", "x.safetensors", "--count", "2147483647" })]
    [InlineData("--tokens", new[] { "sample", "--checkpoint", "x.safetensors", "--tokens", "2147483647" })]
    public void Counts_over_their_documented_maxima_are_usage_errors(string culprit, string[] args)
    {
        var run = CliRun.Of(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"'{culprit}' must be at most", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Steps_past_the_limit_in_all_on_resume_are_a_usage_error_not_an_overflow()
    {
        var tokenizer = DocumentCorpus.Names().Tokenizer;
        var weights = Layers.Gpt(Expr.Variable("tokens", [1]), GptConfig.MicroGpt).Build().Init(0);
        var late = _temp.File("late.safetensors");
        var state = new OptimizerState(9_999_999, new Adam(0.01).Init(weights).Slots);
        new GptCheckpoint("names", GptConfig.MicroGpt, tokenizer, weights, 9_999_999, state, "adam",
            new Dictionary<string, string> { ["seed"] = "1", ["lr"] = "0.01", ["decay_steps"] = "1000" }).Save(late);

        var run = CliRun.Of("train", "names", "--resume", late, "--steps", "5");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("limit of 10000000 steps", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_plots_running_mean_never_spans_more_steps_than_the_run()
    {
        var svg = _temp.File("loss.svg");

        Assert.Equal(0, CliRun.Of("train", "names", "--steps", "3", "--plot", svg).ExitCode);

        var text = File.ReadAllText(svg);
        Assert.Contains("mean of the last 3 steps", text, StringComparison.Ordinal);
        Assert.DoesNotContain("mean of the last 100 steps", text, StringComparison.Ordinal);
    }
}
