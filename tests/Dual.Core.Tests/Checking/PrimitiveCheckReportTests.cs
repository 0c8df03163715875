using Dual.Tests.Ops;

namespace Dual.Tests.Checking;

/// <summary>
/// The lines of a <see cref="PrimitiveCheck"/> failure, word for word: the heading, the operands (data shown as
/// <c>#i</c>, variables by their letter), the attribute, the values (or their count when there are many), and each
/// variable's check at its element or direction. Users fix their rules from these lines alone.
/// </summary>
public class PrimitiveCheckReportTests
{
    [Theory]
    [InlineData(0, "shrunk 0 times")]
    [InlineData(1, "shrunk 1 time")]
    [InlineData(2, "shrunk 2 times")]
    public void The_heading_counts_the_shrinks_then_the_failure_and_how_to_replay_it(int shrinks, string words)
    {
        var failure = new PrimitiveCheckReport.Failure(null, null, "kernel vs forward: element [0]: kernel 1 forward 2 FAILED", null);
        var report = new PrimitiveCheckReport("MyOp", 3, 10, 4, shrinks, failure);
        Assert.Equal(
            $"MyOp: FAILED on case 4 of 10, {words} (seed 3)\n" +
            "  kernel vs forward: element [0]: kernel 1 forward 2 FAILED\n" +
            "replay: the same options with Seed = 3 check the same cases", report.ToString());
    }

    // A mask (data) beside a variable, of the given shape, with an attribute.
    private static CaseInstance Case(Shape shape) => PrimitiveCheck.Case(UserPrimitives.ConstantKernel(0, 0, arity: 2), new()
    {
        Inputs = _ => [new InputSpec(shape, Domain.Mask), new InputSpec(shape)],
        Attribute = _ => 0.2,
    }).Instantiate(new Choices([]), 1);

    private static double[] Listed(string line, string prefix)
    {
        Assert.StartsWith(prefix + "[", line, StringComparison.Ordinal);
        Assert.EndsWith("]", line, StringComparison.Ordinal);
        return [.. line[(prefix.Length + 1)..^1].Split(", ").Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture))];
    }

    [Fact]
    public void The_case_lists_its_operands_attribute_and_up_to_twelve_values_each()
    {
        var c = Case(Shape.Of(3, 4));
        var lines = new PrimitiveCheckReport.Failure(c, null, null, null).Summary.Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Equal("  operands: #0[3, 4] Mask, b[3, 4] Any", lines[0]);
        Assert.Equal("  attribute: 0.2", lines[1]);
        Assert.Equal(c.Function.Inputs[0].Value!.ToArray(), Listed(lines[2], "  #0 = "));
        var b = Listed(lines[3], "  b = ");
        var expected = c.Point["b"].ToArray();
        Assert.Equal(12, b.Length);
        for (var i = 0; i < 12; i++) Assert.Equal(expected[i], b[i], 5e-6); // six significant digits
        // …and no more: a value is shown short, as G6 prints it (at most six significant digits).
        var texts = lines[3]["  b = [".Length..^1].Split(", ");
        Assert.All(texts, t => Assert.True(t.TrimStart('-').Replace(".", "", StringComparison.Ordinal).TrimStart('0').Length <= 6, t));
    }

    [Fact]
    public void Thirteen_values_or_more_are_counted_not_listed()
    {
        var lines = new PrimitiveCheckReport.Failure(Case(Shape.Of(13)), null, null, null).Summary.Split('\n');
        Assert.Equal(["  operands: #0[13] Mask, b[13] Any", "  attribute: 0.2", "  #0 = 13 values", "  b = 13 values"], lines);
    }

    [Fact]
    public void Each_variable_is_shown_at_its_worst_element_or_direction()
    {
        var report = new GradCheckReport(
            [new VariableCheck("a", Shape.Of(70), false, 2, 0.5, 0.25, 0.25, 1.0, false), new VariableCheck("b", Shape.Of(2, 3), true, 4, 1.5, 1.5, 0, 0, true)],
            2e-3, false, null);
        Assert.Equal(
            "  operand 0 (a[70]) direction 2: analytic 0.5 numeric 0.25, abs err 2.50E-001 rel err 1.00E+000 FAILED\n" +
            "  operand 1 (b[2, 3]) element [1, 1]: analytic 1.5 numeric 1.5, abs err 0.00E+000 rel err 0.00E+000 ok\n" +
            "  forward vs reverse: rel err 2.00E-003 FAILED",
            new PrimitiveCheckReport.Failure(null, report, null, null).Summary);
        var agreeing = new GradCheckReport([new VariableCheck("a", Shape.Of(2), true, 0, 1, 2, 1, 0.5, false)], 0, true, null);
        Assert.EndsWith("\n  forward vs reverse: rel err 0.00E+000 ok", new PrimitiveCheckReport.Failure(null, agreeing, null, null).Summary, StringComparison.Ordinal);
    }
}
