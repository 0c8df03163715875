using System.Reflection;

namespace Dual.Tests.Checking;

/// <summary>The check table covers every primitive and composite, and composites carry no derivative code.</summary>
public class OpCatalogTests
{
    [Fact]
    public void Every_primitive_has_a_row()
    {
        var rows = OpCatalog.All.Where(c => c.IsPrimitive).Select(c => c.Name).ToHashSet();
        var missing = OpTable.All.Select(d => d.Name).Where(n => !rows.Contains(n)).ToList();
        Assert.True(missing.Count == 0, $"Primitives without a check-table row: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_primitive_row_applies_the_primitive_it_is_named_for()
    {
        // A row named Add that built a − b would check Sub's rules twice and Add's never; the properties could not tell.
        // (A draw may legitimately build none: the sum of a rank-0 tensor over no axes is the tensor itself.)
        foreach (var row in OpCatalog.All.Where(c => c.IsPrimitive))
        {
            var built = Enumerable.Range(0, 8).Select(seed => row.Instantiate(Choices.Random(seed), seed).Function).ToList();
            Assert.True(built.Any(f => Graph.TopologicalOrder(f).Any(n => n.OpName == row.Name)),
                $"row {row.Name} builds {string.Join(", ", built)}, none of which applies {row.Name}");
        }
    }

    [Fact]
    public void An_unknown_name_has_no_row() => Assert.Null(OpCatalog.Find("NoSuchPrimitive"));

    [Fact]
    public void Rows_named_for_a_primitive_kind_are_primitive_rows_and_the_others_composites()
    {
        foreach (var row in OpCatalog.All)
            Assert.True(Enum.TryParse<OpKind>(row.Name, out _) == row.IsPrimitive, $"row {row.Name}: IsPrimitive is {row.IsPrimitive}");
    }

    [Fact]
    public void The_stop_gradient_row_checks_its_operand_for_an_exactly_zero_gradient()
    {
        // Without its options the operand would count as data (no derivative reaches it) and nothing would be checked.
        var row = OpCatalog.Find("StopGradient")!;
        Assert.True(row.Options.ExpectZeroGradient);
        var report = row.Instantiate(new Choices([1, 1]), 1).Check();
        Assert.Equal("a", Assert.Single(report.Variables).Name);
        Assert.True(report.Passed, report.ToString());
    }

    [Fact]
    public void Instantiating_without_choices_is_refused_by_name() =>
        Assert.Throws<ArgumentNullException>("choices", () => OpCatalog.All[0].Instantiate(null!, 1));

    private static List<CaseInstance> Draws(string row) =>
        [.. Enumerable.Range(0, 40).Select(seed => OpCatalog.Find(row)!.Instantiate(Choices.Random(seed), seed))];

    [Fact]
    public void Pow_is_checked_at_negative_integer_and_negative_fractional_exponents()
    {
        var exponents = Draws("Pow").Select(i => ((ExponentAttribute)i.Function.Attribute!).Exponent).Distinct().ToList();
        Assert.Contains(exponents, p => p < 0 && p == Math.Round(p));
        Assert.Contains(exponents, p => p < 0 && p != Math.Round(p));
    }

    [Fact]
    public void Reshape_is_drawn_to_the_reversed_dimensions()
    {
        Assert.Contains(Draws("Reshape"), i =>
            i.Inputs[0].Shape.Dims.ToArray() is var dims && dims.Reverse().ToArray() is var reversed
            && !dims.SequenceEqual(reversed) && i.Function.Shape.Dims.ToArray().SequenceEqual(reversed));
    }

    [Theory]
    [InlineData("BroadcastTo")]
    [InlineData("SumTo")]
    public void Broadcasting_rows_stretch_existing_axes_of_size_one_not_only_add_a_leading_axis(string row)
    {
        // The smaller shape is one axis shorter; an axis of size 1 in it must sometimes meet a larger size.
        Assert.Contains(Draws(row), i =>
        {
            var (small, large) = row == "BroadcastTo" ? (i.Inputs[0].Shape, i.Function.Shape) : (i.Function.Shape, i.Inputs[0].Shape);
            return Enumerable.Range(0, small.Rank).Any(a => small[a] == 1 && large[a + 1] > 1);
        });
    }

    [Theory]
    [InlineData("Sum")]
    [InlineData("Max")]
    [InlineData("Mean")]
    [InlineData("Variance")]
    [InlineData("LogSumExp")]
    public void Reductions_are_drawn_with_and_without_the_reduced_axes_kept(string row)
    {
        var draws = Draws(row).Where(i => i.Inputs[0].Shape.Rank > 0).ToList();
        Assert.Contains(draws, i => i.Function.Shape.Rank == i.Inputs[0].Shape.Rank);
        Assert.Contains(draws, i => i.Function.Shape.Rank < i.Inputs[0].Shape.Rank);
    }

    [Theory]
    // The stream fixes the operand's shape ([3]: rank 1, dimension 3) and runs out: one axis, reduced away (the
    // smallest choice is not to keep it). Shapes drawn with at least one axis take their rank from 1 up.
    [InlineData("Sum", new[] { 1, 2 })]
    [InlineData("Max", new[] { 1, 2 })]
    [InlineData("Mean", new[] { 1, 2 })]
    [InlineData("Variance", new[] { 0, 2 })]
    [InlineData("LogSumExp", new[] { 0, 2 })]
    public void A_stream_that_runs_out_after_the_shape_reduces_without_keeping_the_axis(string row, int[] prefix)
    {
        var instance = OpCatalog.Find(row)!.Instantiate(new Choices(prefix), 1);
        Assert.Equal(Shape.Of(3), instance.Inputs[0].Shape);
        Assert.Equal(Shape.Scalar, instance.Function.Shape);
    }

    [Fact]
    public void Every_primitive_kind_is_registered()
    {
        var leaves = new[] { OpKind.Constant, OpKind.Variable, OpKind.Custom }; // Custom: nodes carry a user's definition
        var unregistered = Enum.GetValues<OpKind>().Except(leaves).Where(k => OpTable.All.All(d => d.Kind != k)).ToList();
        Assert.Empty(unregistered);
    }

    [Fact]
    public void Every_composite_has_a_row()
    {
        var composites = typeof(Expr).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => m.GetCustomAttribute<CompositeAttribute>() is not null)
            .Select(m => m.Name).Distinct().ToList();
        Assert.NotEmpty(composites);
        var rows = OpCatalog.All.Where(c => !c.IsPrimitive).Select(c => c.Name).ToHashSet();
        var missing = composites.Where(n => !rows.Contains(n)).ToList();
        Assert.True(missing.Count == 0, $"Composites without a check-table row: {string.Join(", ", missing)}");
        Assert.Equal(composites.Count, rows.Count);
    }

    [Fact]
    public void Composite_sources_contain_no_derivative_rules()
    {
        var folder = Path.Combine(RepoRoot(), "src", "Dual.Core", "Composites");
        var offenders = Directory.GetFiles(folder, "*.cs")
            .Where(f => File.ReadAllText(f) is var text && (text.Contains("Vjp", StringComparison.Ordinal) || text.Contains("Jvp", StringComparison.Ordinal) || text.Contains("OpDef", StringComparison.Ordinal)))
            .Select(Path.GetFileName).ToList();
        Assert.True(offenders.Count == 0, $"Derivative code in composites: {string.Join(", ", offenders)}");
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dual.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Dual.sln not found above the test binaries.");
    }
}
