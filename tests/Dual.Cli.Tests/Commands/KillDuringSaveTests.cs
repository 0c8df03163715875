using System.Diagnostics;
using Dual.Models;

namespace Dual.Cli.Tests.Commands;

/// <summary>
/// A real <c>dual</c> process killed (SIGKILL) while it saves a checkpoint: the target holds the old file or the whole
/// new one, never a broken one, and the next save to the same path removes the temporary file the killed process left.
/// </summary>
public sealed class KillDuringSaveTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_save_killed_midway_leaves_the_old_file_and_the_next_save_leaves_no_temporary_file()
    {
        // A wide one-layer model of the shakespeare task: a 38 MB checkpoint, yet a step, an evaluation and a sample are quick.
        var corpus = TextCorpus.Shakespeare();
        var config = new GptConfig(corpus.Tokenizer.VocabSize, 512, 4, 1, 8) { MlpRatio = 1 };
        var weights = Layers.Gpt(Expr.Variable("tokens", [1]), config).Build().Init(1);
        var settings = new Dictionary<string, string> { ["seed"] = "1", ["lr"] = "0.001", ["warmup_steps"] = "1", ["decay_steps"] = "10" };
        var resume = _temp.File("start.safetensors");
        new GptCheckpoint("shakespeare", config, corpus.Tokenizer, weights, 0, new AdamW(1e-3, 0.1).Init(weights), "AdamW", settings).Save(resume);
        var target = _temp.File("big.safetensors");
        var caught = false;
        for (var attempt = 0; attempt < 3 && !caught; attempt++)
        {
            File.WriteAllText(target, "old");
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = _temp.Path,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "dual.dll"), "train", "shakespeare", "--resume", resume, "--steps", "1", "--out", target })
                start.ArgumentList.Add(arg);
            using var child = Process.Start(start)!;
            _ = child.StandardOutput.ReadToEndAsync();
            _ = child.StandardError.ReadToEndAsync();

            // Its temporary file exists for long enough (tens of milliseconds) to be seen and killed.
            var clock = Stopwatch.StartNew();
            while (!child.HasExited && clock.Elapsed < TimeSpan.FromSeconds(120))
            {
                if (Directory.GetFiles(_temp.Path, "*" + AtomicFile.TemporaryExtension).Length > 0)
                {
                    child.Kill();
                    caught = true;
                    break;
                }

                Thread.Sleep(1);
            }

            child.WaitForExit();
            var old = new FileInfo(target).Length == 3 && File.ReadAllText(target) == "old";
            Assert.True(old || GptCheckpoint.Load(target).Step == 1, "the target is neither the old file nor the new checkpoint");
        }

        Assert.True(caught, "no save was caught in flight in 3 runs");
        Assert.NotEmpty(Directory.GetFiles(_temp.Path, "*" + AtomicFile.TemporaryExtension));

        var next = CliRun.Of("train", "names", "--steps", "1", "--out", target);

        Assert.Equal(0, next.ExitCode);
        Assert.Equal(1, GptCheckpoint.Load(target).Step);
        Assert.Empty(Directory.GetFiles(_temp.Path, "*" + AtomicFile.TemporaryExtension));
    }

    [Fact]
    public void A_save_interrupted_by_sigterm_removes_its_temporary_file_before_the_process_ends()
    {
        var corpus = TextCorpus.Shakespeare();
        var config = new GptConfig(corpus.Tokenizer.VocabSize, 512, 4, 1, 8) { MlpRatio = 1 };
        var weights = Layers.Gpt(Expr.Variable("tokens", [1]), config).Build().Init(1);
        var settings = new Dictionary<string, string> { ["seed"] = "1", ["lr"] = "0.001", ["warmup_steps"] = "1", ["decay_steps"] = "10" };
        var resume = _temp.File("start.safetensors");
        new GptCheckpoint("shakespeare", config, corpus.Tokenizer, weights, 0, new AdamW(1e-3, 0.1).Init(weights), "AdamW", settings).Save(resume);
        var target = _temp.File("big.safetensors");
        var caught = false;
        for (var attempt = 0; attempt < 3 && !caught; attempt++)
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _temp.Path, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "dual.dll"), "train", "shakespeare", "--resume", resume, "--steps", "1", "--out", target })
                start.ArgumentList.Add(arg);
            using var child = Process.Start(start)!;
            _ = child.StandardOutput.ReadToEndAsync();
            _ = child.StandardError.ReadToEndAsync();
            var clock = Stopwatch.StartNew();
            while (!child.HasExited && clock.Elapsed < TimeSpan.FromSeconds(120))
            {
                if (Directory.GetFiles(_temp.Path, "*" + AtomicFile.TemporaryExtension).Length > 0)
                {
                    using var term = Process.Start("kill", ["-TERM", child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                    term.WaitForExit();
                    caught = true;
                    break;
                }

                Thread.Sleep(1);
            }

            child.WaitForExit();
        }

        Assert.True(caught, "no save was caught in flight in 3 runs");
        Assert.Empty(Directory.GetFiles(_temp.Path, "*" + AtomicFile.TemporaryExtension));
        Assert.True(!File.Exists(target) || GptCheckpoint.Load(target).Step == 1);
    }
}
