using FsCheck;
using FsCheck.Fluent;

namespace Dual.Models.Tests;

/// <summary>Shared test helpers: gradient checks with readable failures, random values, and FsCheck properties over choice streams.</summary>
internal static class Checks
{
    private static readonly Arbitrary<int[]> ChoiceStreams = ArbMap.Default.ArbFor<int[]>();

    /// <summary>Runs <see cref="GradCheck.Run(Expr, Env, GradCheckOptions?)"/> and fails with the label and report unless every check passed; also requires every variable to have been checked.</summary>
    public static GradCheckReport GradientsAreRight(Expr f, Env at, string label, GradCheckOptions? options = null)
    {
        var report = GradCheck.Run(f, at, options);
        Assert.True(report.Passed, $"{label}\n{report}");
        Assert.Equal(Graph.Variables(f).Count, report.Variables.Count);
        return report;
    }

    /// <summary>
    /// A property over a stream of choices (FsCheck shrinks it toward shorter streams of smaller numbers,
    /// so toward smaller shapes); <paramref name="property"/> returns a label describing the case, which is
    /// attached to the property so a failure names the shapes and options it failed for.
    /// </summary>
    public static void ForAll(Func<Choices, string> describe, Action<Choices> property, int maxTest = 20) =>
        Check.One(FixedSeed.Config(maxTest), Prop.ForAll(ChoiceStreams, (int[] stream) =>
        {
            var label = describe(new Choices(stream));
            return Prop.Label(() => property(new Choices(stream)), label);
        }));

    /// <summary>A tensor of seeded uniform values in [low, high).</summary>
    public static Tensor Uniform(Shape shape, int seed, double low = -2, double high = 2) => Tensor.RandomUniform(shape, seed, low, high);

    /// <summary>Whether every element of the two tensors is within <paramref name="tolerance"/>, with a message naming the worst one.</summary>
    public static void Close(Tensor expected, Tensor actual, double tolerance = 1e-12, string label = "")
    {
        Assert.Equal(expected.Shape, actual.Shape);
        var worst = expected.MaxAbsDifference(actual);
        Assert.True(worst <= tolerance, $"{label}: max |expected − actual| = {worst:E3} > {tolerance:E1}");
    }
}
