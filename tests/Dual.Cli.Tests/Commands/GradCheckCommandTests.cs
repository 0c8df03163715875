using System.Text.RegularExpressions;

namespace Dual.Cli.Tests.Commands;

public class GradCheckCommandTests
{
    private const string SummaryPattern = @"^gradcheck: primitives=(\d+) composites=(\d+) blocks=0 failed=(\d+)$";

    [Fact]
    public void Gradcheck_of_Add_passes_and_ends_with_the_summary_line()
    {
        var run = CliRun.Of("gradcheck", "--op", "Add");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var last = run.StdoutLines[^1];
        Assert.Matches(@"^gradcheck: primitives=\d+ composites=\d+ blocks=0 failed=0$", last);
        var match = Regex.Match(last, SummaryPattern);
        Assert.True(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal("0", match.Groups[2].Value);
    }

    [Fact]
    public void Gradcheck_prints_a_table_row_for_the_op()
    {
        var run = CliRun.Of("gradcheck", "--op", "add");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("max abs err", run.Stdout, StringComparison.Ordinal);
        Assert.Contains(run.StdoutLines, l => l.Contains(" Add ", StringComparison.Ordinal) && l.Contains("primitive", StringComparison.Ordinal));
    }

    [Fact]
    public void Gradcheck_of_a_composite_counts_it_as_a_composite()
    {
        var run = CliRun.Of("gradcheck", "--op", "Sigmoid");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var match = Regex.Match(run.StdoutLines[^1], SummaryPattern);
        Assert.True(match.Success, run.StdoutLines[^1]);
        Assert.Equal("0", match.Groups[1].Value);
        Assert.NotEqual("0", match.Groups[2].Value);
    }

    [Fact]
    public void Gradcheck_of_an_unknown_op_exits_2_and_lists_the_known_ops()
    {
        var run = CliRun.Of("gradcheck", "--op", "NoSuchOp");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("NoSuchOp", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Add", run.Stderr, StringComparison.Ordinal);
    }
}
