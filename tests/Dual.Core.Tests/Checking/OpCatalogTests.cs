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
