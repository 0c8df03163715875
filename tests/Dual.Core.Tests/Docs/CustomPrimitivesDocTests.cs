using Dual.Tests.Checking;

namespace Dual.Tests.Docs;

/// <summary>
/// docs/custom-primitives.md shows reports produced by running its examples: these tests run the same
/// definitions with the same options and require each report's text verbatim in the page.
/// </summary>
public class CustomPrimitivesDocTests
{
    private static readonly string Page = File.ReadAllText(Path.Combine(OpCatalogTests.RepoRoot(), "docs", "custom-primitives.md"));

    private static Tensor Map(Tensor x, Func<double, double> f) => Tensor.Generate(x.Shape, i => f(x.Span[i]));

    // The page's definitions, as written there.
    private static readonly OpDef Sigmoid = OpDef.Define("MySigmoid", arity: 1,
        forward: (x, _) => Map(x[0], v => 1 / (1 + Math.Exp(-v))),
        vjp: (y, dy) => [dy * y * (1 - y)]);

    private static readonly OpDef BrokenSigmoid = OpDef.Define("MySigmoid", arity: 1,
        forward: (x, _) => Map(x[0], v => 1 / (1 + Math.Exp(-v))),
        vjp: (y, dy) => [dy * y]);

    private static readonly OpDef SoftplusWrongJvp = OpDef.Define("MySoftplus", arity: 1,
        forward: (x, _) => Map(x[0], v => Math.Max(v, 0) + Math.Log(1 + Math.Exp(-Math.Abs(v)))),
        vjp: (y, dy) => [dy * y.Inputs[0].Sigmoid()],
        jvp: (y, t) => t[0] is { } dx ? dx * y : null);

    [Fact]
    public void The_pages_reports_are_the_ones_the_checks_print()
    {
        string[] reports =
        [
            PrimitiveCheck.Run(Sigmoid).ToString(),
            PrimitiveCheck.Run(BrokenSigmoid).ToString(),
            PrimitiveCheck.Run(SoftplusWrongJvp).ToString(),
        ];
        var missing = reports.Where(r => !Page.Contains(r, StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"docs/custom-primitives.md does not show these reports:\n\n{string.Join("\n\n", missing)}");
    }
}
