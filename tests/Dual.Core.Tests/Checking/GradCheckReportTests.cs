namespace Dual.Tests.Checking;

/// <summary>
/// What a gradient check prints and concludes from its parts: users and the CLI read these lines, so their words,
/// numbers and verdicts are pinned here, and a report passes only when every part does.
/// </summary>
public class GradCheckReportTests
{
    private static readonly VariableCheck Good = new("w", Shape.Create([2, 3]), false, 2, 0.5, 0.5000001, 1e-7, 2e-7, true);
    private static readonly VariableCheck Bad = new("x", Shape.Create([3]), true, 1, -0.5, 0.25, 0.75, 3.0, false);

    [Fact]
    public void A_variable_reads_as_one_line_with_where_values_errors_and_verdict()
    {
        Assert.Equal("x[3] element 1: analytic -0.5 numeric 0.25 abs err 7.50E-001 rel err 3.00E+000 FAILED", Bad.ToString());
        Assert.Equal("w[2, 3] direction 2: analytic 0.5 numeric 0.5000001 abs err 1.00E-007 rel err 2.00E-007 ok", Good.ToString());
    }

    [Fact]
    public void The_taylor_line_shows_the_ratios_or_says_the_function_is_linear()
    {
        Assert.Equal("taylor: ratios 4.00 3.98 ok", new TaylorCheck([0.1, 0.05, 0.025], [1e-2, 2.5e-3, 6.28e-4], [4.0, 3.98], true).ToString());
        Assert.Equal("taylor: ratios 2.00 FAILED", new TaylorCheck([0.1, 0.05], [1e-2, 5e-3], [2.0], false).ToString());
        Assert.Equal("taylor: remainder at rounding level (linear along v) ok", new TaylorCheck([0.1], [0.0], [], true).ToString());
    }

    [Fact]
    public void A_report_lists_each_part_then_its_verdict()
    {
        var taylor = new TaylorCheck([0.1, 0.05], [1e-2, 5e-3], [2.0], false);
        var report = new GradCheckReport([Good, Bad], 1e-3, false, taylor);
        var n = Environment.NewLine;
        Assert.Equal($"{Good}{n}{Bad}{n}forward vs reverse: rel err 1.00E-003 FAILED{n}taylor: ratios 2.00 FAILED{n}FAILED", report.ToString());
        Assert.Equal(0.75, report.MaxAbsError);
        Assert.Equal(3.0, report.MaxRelError);

        var passing = new GradCheckReport([Good], 0, true, null);
        Assert.Equal($"{Good}{n}forward vs reverse: rel err 0.00E+000 ok{n}passed", passing.ToString());
        Assert.True(passing.Passed);
        Assert.Equal(0.0, new GradCheckReport([], 0, true, null).MaxAbsError);
        Assert.Equal(0.0, new GradCheckReport([], 0, true, null).MaxRelError);
    }

    [Theory]
    [InlineData(true, true, true, true)]
    [InlineData(false, true, true, false)]
    [InlineData(true, false, true, false)]
    [InlineData(true, true, false, false)]
    public void A_report_passes_only_when_every_part_passes(bool variables, bool forwardReverse, bool taylor, bool passed)
    {
        var report = new GradCheckReport([Good, variables ? Good : Bad], 0, forwardReverse, new TaylorCheck([0.1], [0.0], [], taylor));
        Assert.Equal(passed, report.Passed);
        Assert.Equal(passed, !report.ToString().EndsWith("FAILED", StringComparison.Ordinal));
    }

    [Fact]
    public void The_exception_carries_the_report_under_a_heading()
    {
        var report = new GradCheckReport([Bad], 0, true, null);
        var e = new GradCheckException(report);
        Assert.Same(report, e.Report);
        Assert.StartsWith("Gradient check failed:\n", e.Message, StringComparison.Ordinal);
        Assert.EndsWith(report.ToString(), e.Message, StringComparison.Ordinal);
    }
}
