using System.Globalization;
using System.Text.RegularExpressions;

namespace Dual.Cli.Tests.Commands;

/// <summary>The parts of a `dual train names|shakespeare` run's output the tests read.</summary>
internal sealed record GptRunOutput(double Loss, double ValLoss, int Steps, long Params, double Seconds)
{
    public static GptRunOutput Of(CliRun run, string dataset)
    {
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        var last = run.StdoutLines[^1];
        var match = Regex.Match(last, $@"^{dataset}: loss=(\S+) val_loss=(\S+) steps=(\d+) params=(\d+) seconds=(\d+\.\d\d)$");
        Assert.True(match.Success, $"last line: {last}");
        return new GptRunOutput(Parse(match.Groups[1].Value), Parse(match.Groups[2].Value),
            int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture), long.Parse(match.Groups[4].Value, CultureInfo.InvariantCulture),
            Parse(match.Groups[5].Value));
    }

    public static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The value of the one line <c>name = value ...</c>.</summary>
    public static double Value(CliRun run, string name)
    {
        var line = Assert.Single(run.StdoutLines, l => l.StartsWith(name + " = ", StringComparison.Ordinal));
        return Parse(line[(name.Length + 3)..].Split(' ')[0]);
    }

    /// <summary>The plain progress lines: step number, total, running-mean loss, learning rate.</summary>
    public static List<(int Step, int Of, double Loss, double Lr)> StepLines(CliRun run) =>
        run.StdoutLines
            .Select(l => Regex.Match(l, @"^step (\d+)/(\d+) loss=(\S+) lr=(\S+) steps/s=(\S+)$"))
            .Where(m => m.Success)
            .Select(m => (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
                          Parse(m.Groups[3].Value), Parse(m.Groups[4].Value)))
            .ToList();
}
