using System.Globalization;
using System.Text.RegularExpressions;

namespace Dual.Cli.Tests.Commands;

public class DiagnoseCommandTests
{
    [Fact]
    public void Vanishing_shows_sigmoid_gradients_shrinking_and_relu_gradients_holding()
    {
        var run = CliRun.Of("diagnose", "vanishing");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var match = Regex.Match(run.StdoutLines[^1], @"^vanishing: sigmoid first/last=(\S+) relu first/last=(\S+)$");
        Assert.True(match.Success, run.StdoutLines[^1]);
        Assert.InRange(double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), 0, 1e-2);
        Assert.InRange(double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), 1e-1, 10);
    }

    [Fact]
    public void The_table_has_a_row_per_layer()
    {
        var run = CliRun.Of("diagnose", "vanishing", "--depth", "3", "--width", "4");

        Assert.Equal(0, run.ExitCode);
        var rows = run.StdoutLines.Select(l => Regex.Match(l, @"^\| (l\d+)")).Where(m => m.Success).Select(m => m.Groups[1].Value);
        Assert.Equal(["l0", "l1", "l2", "l3"], rows);
    }

    [Theory]
    [InlineData("exploding", new[] { "diagnose", "exploding" })]
    [InlineData("--depth", new[] { "diagnose", "vanishing", "--depth", "0" })]
    public void Bad_input_is_a_usage_error(string culprit, string[] args)
    {
        var run = CliRun.Of(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(culprit, run.Stderr, StringComparison.Ordinal);
    }
}
