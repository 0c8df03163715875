using System.Text.RegularExpressions;

namespace Dual.Cli.Tests.Commands;

public class GradCheckCommandTests
{
    private const string SummaryPattern = @"^gradcheck: primitives=(\d+) composites=(\d+) blocks=(\d+) failed=(\d+)$";

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
        var run = CliRun.Of("gradcheck", "--op", "SigmoidComposite");

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
        Assert.Contains("TransformerBlock", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Gradcheck_of_a_block_counts_it_as_a_block_and_prints_its_row()
    {
        var run = CliRun.Of("gradcheck", "--op", "layernorm");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal("gradcheck: primitives=0 composites=0 blocks=1 failed=0", run.StdoutLines[^1]);
        Assert.Contains(run.StdoutLines, l => l.Contains(" LayerNorm ", StringComparison.Ordinal) && l.Contains(" block ", StringComparison.Ordinal)
            && l.Contains("x[3, 5]", StringComparison.Ordinal) && l.Contains(" yes ", StringComparison.Ordinal));
    }

    [Fact]
    public void Gradcheck_of_the_tiny_GPT_passes()
    {
        var run = CliRun.Of("gradcheck", "--op", "TinyGpt", "--seed", "5");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal("gradcheck: primitives=0 composites=0 blocks=1 failed=0", run.StdoutLines[^1]);
        Assert.Contains(run.StdoutLines, l => l.Contains("tokens[2, 5]<7", StringComparison.Ordinal));
    }

    [Fact]
    public void A_name_that_is_both_a_composite_and_a_loss_block_checks_both()
    {
        var run = CliRun.Of("gradcheck", "--op", "SoftmaxCrossEntropy");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal("gradcheck: primitives=0 composites=1 blocks=1 failed=0", run.StdoutLines[^1]);
    }

    [Fact]
    public void Full_gradcheck_covers_every_op_and_block_and_all_pass()
    {
        var run = CliRun.Of("gradcheck");

        Assert.True(run.ExitCode == 0, run.Stdout);
        var match = Regex.Match(run.StdoutLines[^1], SummaryPattern);
        Assert.True(match.Success, run.StdoutLines[^1]);
        var count = (int i) => int.Parse(match.Groups[i].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(OpCatalog.All.Count(c => c.IsPrimitive), count(1));
        Assert.Equal(OpCatalog.All.Count(c => !c.IsPrimitive), count(2));
        Assert.Equal(Dual.Models.BlockCatalog.All.Count, count(3));
        Assert.Equal(0, count(4));
        Assert.Equal(count(3), run.StdoutLines.Count(l => l.Contains(" block ", StringComparison.Ordinal)));
    }
}
