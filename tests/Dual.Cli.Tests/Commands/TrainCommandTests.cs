using System.Globalization;
using System.Text.RegularExpressions;

namespace Dual.Cli.Tests.Commands;

public class TrainCommandTests
{
    private static (double Accuracy, double Loss, int Steps) Summary(CliRun run, string dataset)
    {
        var match = Regex.Match(run.StdoutLines[^1], $@"^{dataset}: accuracy=(\S+) loss=(\S+) steps=(\d+)$");
        Assert.True(match.Success, $"last line: {run.StdoutLines[^1]}");
        return (Parse(match.Groups[1].Value), Parse(match.Groups[2].Value), int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture));
    }

    private static List<(int Step, int Of, double Loss, double Lr)> StepLines(CliRun run) =>
        run.StdoutLines
            .Select(l => Regex.Match(l, @"^step (\d+)/(\d+) loss=(\S+) lr=(\S+) grad_norm=(\S+)$"))
            .Where(m => m.Success)
            .Select(m => (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
                          Parse(m.Groups[3].Value), Parse(m.Groups[4].Value)))
            .ToList();

    private static double Parse(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public void Train_xor_reaches_full_accuracy()
    {
        var run = CliRun.Of("train", "xor");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var (accuracy, loss, steps) = Summary(run, "xor");
        Assert.Equal(1.0, accuracy);
        Assert.Equal(300, steps);
        Assert.InRange(loss, 0, 1e-2);
    }

    [Fact]
    public void Train_moons_reaches_full_accuracy_with_micrograds_recipe()
    {
        var run = CliRun.Of("train", "moons");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var (accuracy, loss, steps) = Summary(run, "moons");
        Assert.Equal(1.0, accuracy);
        Assert.Equal(100, steps);
        Assert.InRange(loss, 0, 0.05);
    }

    [Fact]
    public void Redirected_output_has_plain_step_lines_from_first_to_last()
    {
        var run = CliRun.Of("train", "xor", "--steps", "20");

        Assert.Equal(0, run.ExitCode);
        var steps = StepLines(run);
        // Every 20/10 = 2 steps, and the first: 1, 2, 4, …, 20.
        Assert.Equal([1, .. Enumerable.Range(1, 10).Select(i => 2 * i)], steps.Select(s => s.Step));
        Assert.All(steps, s => Assert.Equal(20, s.Of));
        Assert.Equal(20, Summary(run, "xor").Steps);
        Assert.DoesNotContain('\u001b', run.Stdout);
    }

    [Fact]
    public void The_learning_rate_option_sets_xors_constant_rate()
    {
        var run = CliRun.Of("train", "xor", "--steps", "3", "--lr", "0.25");

        Assert.Equal(0, run.ExitCode);
        Assert.All(StepLines(run), s => Assert.Equal(0.25, s.Lr));
    }

    [Fact]
    public void Moons_learning_rate_decays_linearly_to_a_tenth()
    {
        // η_k = 0.5·(1 − 0.9·k/10): step 1 (k = 0) 0.5, step 10 (k = 9) 0.5·0.19 = 0.095.
        var run = CliRun.Of("train", "moons", "--steps", "10", "--lr", "0.5");

        Assert.Equal(0, run.ExitCode);
        var steps = StepLines(run);
        Assert.Equal(0.5, steps.Single(s => s.Step == 1).Lr, 14);
        Assert.Equal(0.095, steps.Single(s => s.Step == 10).Lr, 14);
        Assert.Equal(0.5 * (1 - 0.9 * 4 / 10), steps.Single(s => s.Step == 5).Lr, 14);
    }

    [Fact]
    public void A_seed_gives_the_same_run_and_another_seed_another()
    {
        static string[] WithoutTime(CliRun run) => run.StdoutLines.Where(l => !l.StartsWith("time = ", StringComparison.Ordinal)).ToArray();

        var a = CliRun.Of("train", "moons", "--steps", "5", "--seed", "4");
        var b = CliRun.Of("train", "moons", "--steps", "5", "--seed", "4");
        var c = CliRun.Of("train", "moons", "--steps", "5", "--seed", "5");

        Assert.Equal(WithoutTime(a), WithoutTime(b));
        Assert.NotEqual(Summary(a, "moons").Loss, Summary(c, "moons").Loss);
    }

    [Fact]
    public void Grad_norms_prints_one_line_per_layer_before_the_summary()
    {
        var run = CliRun.Of("train", "moons", "--steps", "5", "--grad-norms");

        Assert.Equal(0, run.ExitCode);
        var norms = run.StdoutLines.Where(l => l.StartsWith("grad_norm ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["l0", "l1", "l2"], norms.Select(l => l.Split(' ')[1]));
        Assert.All(norms, l => Assert.True(Parse(l.Split(" = ")[1]) > 0, l));
        Assert.StartsWith("moons: accuracy=", run.StdoutLines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Plot_draws_a_classifiers_training_loss()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dual-xor-{Guid.NewGuid():N}.png");
        try
        {
            var run = CliRun.Of("train", "xor", "--steps", "20", "--plot", path);

            Assert.Equal(0, run.ExitCode);
            Assert.Contains($"plotted {path}", run.StdoutLines);
            Assert.Equal((byte)'P', File.ReadAllBytes(path)[1]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("spirals", new[] { "train", "spirals" })]
    [InlineData("--steps", new[] { "train", "xor", "--steps", "0" })]
    [InlineData("--steps", new[] { "train", "moons", "--steps", "-3" })]
    [InlineData("--lr", new[] { "train", "xor", "--lr", "-1" })]
    [InlineData("--lr", new[] { "train", "xor", "--lr", "0" })]
    [InlineData("--lr", new[] { "train", "xor", "--lr", "NaN" })]
    [InlineData("--lr", new[] { "train", "moons", "--lr", "Infinity" })]
    [InlineData("abc", new[] { "train", "xor", "--lr", "abc" })]
    [InlineData("dataset", new[] { "train" })]
    public void Bad_input_is_a_usage_error_naming_the_culprit(string culprit, string[] args)
    {
        var run = CliRun.Of(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(culprit, run.Stderr, StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public void Help_lists_the_train_command_and_its_datasets()
    {
        var root = CliRun.Of("--help");
        var train = CliRun.Of("train", "--help");

        Assert.Contains("train", root.Stdout, StringComparison.Ordinal);
        Assert.Contains("xor", train.Stdout, StringComparison.Ordinal);
        Assert.Contains("moons", train.Stdout, StringComparison.Ordinal);
        Assert.Contains("--grad-norms", train.Stdout, StringComparison.Ordinal);
    }
}
