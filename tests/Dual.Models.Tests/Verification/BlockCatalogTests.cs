using System.Reflection;

namespace Dual.Models.Tests;

/// <summary>The block table: every row passes the gradient check, and every public layer and loss has a row.</summary>
public class BlockCatalogTests
{
    public static TheoryData<string> Rows() => [.. BlockCatalog.All.Select(c => c.Name)];

    [Theory, MemberData(nameof(Rows))]
    public void Every_block_passes_the_gradient_check_for_two_seeds(string name)
    {
        var row = BlockCatalog.Find(name)!;
        foreach (var seed in new[] { 1, 2 })
        {
            var instance = row.Instantiate(seed);
            var report = instance.Check();
            Assert.True(report.Passed, $"{instance} seed {seed}\n{report}");
            Assert.Equal(Graph.Variables(instance.Function).Count, report.Variables.Count);
        }
    }

    [Theory, MemberData(nameof(Rows))]
    public void Rebuilt_instances_evaluate_bit_for_bit_alike(string name)
    {
        // A fresh graph gets a fresh plan and fresh buffers (other alignments): the bits must not depend on them.
        var row = BlockCatalog.Find(name)!;
        var first = row.Instantiate(3);
        var expected = first.Function.Evaluate(first.Point);
        for (var i = 0; i < 20; i++)
        {
            var again = row.Instantiate(3);
            var value = again.Function.Evaluate(again.Point);
            Assert.True(expected.Equals(value), $"{name}, rebuild {i}: differs by {expected.MaxAbsDifference(value):E2}");
        }
    }

    [Fact]
    public void Instances_are_reproducible_per_seed()
    {
        var row = BlockCatalog.Find("TinyGpt")!;
        var (a, b, c) = (row.Instantiate(4), row.Instantiate(4), row.Instantiate(5));
        Assert.True(a.Function.Evaluate(a.Point).Equals(b.Function.Evaluate(b.Point)));
        Assert.False(a.Function.Evaluate(a.Point).Equals(c.Function.Evaluate(c.Point)));
        Assert.Contains("tokens[2, 5]<7", a.InputsText, StringComparison.Ordinal);
        Assert.True(a.ParameterCount > 20);
    }

    [Fact]
    public void Names_are_unique_and_found_case_insensitively()
    {
        Assert.Equal(BlockCatalog.All.Count, BlockCatalog.All.Select(c => c.Name.ToUpperInvariant()).Distinct().Count());
        Assert.Same(BlockCatalog.Find("TransformerBlock"), BlockCatalog.Find("transformerblock"));
        Assert.Null(BlockCatalog.Find("NoSuchBlock"));
    }

    [Fact]
    public void Every_public_layer_and_loss_has_a_row()
    {
        // Covered elsewhere: Activation declares nothing; Norm dispatches to LayerNorm/RmsNorm; Gpt and GptTrunk are the TinyGpt rows.
        string[] exempt = ["Activation", "Norm", "Gpt", "GptTrunk"];
        var names = typeof(Layers).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Concat(typeof(Losses).GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Select(m => m.Name).Distinct().Except(exempt);
        var missing = names.Where(n => BlockCatalog.Find(n) is null).ToList();
        Assert.True(missing.Count == 0, "No block row for: " + string.Join(", ", missing));
        Assert.NotNull(BlockCatalog.Find("TinyGpt"));
        Assert.NotNull(BlockCatalog.Find("TinyMicroGpt"));
    }
}
