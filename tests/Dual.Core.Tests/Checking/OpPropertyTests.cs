using FsCheck;
using FsCheck.Fluent;

namespace Dual.Tests.Checking;

/// <summary>
/// The table-driven properties: for every row of <see cref="OpCatalog"/>, on random shapes and
/// values from FsCheck (fixed seed, shrinking toward smaller shapes), reverse mode agrees with
/// central differences, forward mode agrees with reverse mode (also on which inputs have a derivative at all), the Taylor remainder is O(h²),
/// the output has the shape the rule promised, inputs are left unchanged, and runs are bit-identical.
/// </summary>
public class OpPropertyTests
{
    public static TheoryData<string> Rows() => [.. OpCatalog.All.Select(c => c.Name), .. UserRows.Keys];

    // User-defined primitives (test data in Ops/UserPrimitives.cs) go through the very same properties.
    private static readonly Dictionary<string, OpCase> UserRows = PrimitiveCheckTests.Right
        .ToDictionary(kv => "user:" + kv.Key, kv => PrimitiveCheck.Case(kv.Value.Op, kv.Value.Options));

    private static readonly Arbitrary<int[]> ChoiceStreams = ArbMap.Default.ArbFor<int[]>();

    private static void ForAllCases(string op, Action<CaseInstance> property, int maxTest = 25)
    {
        var row = UserRows.GetValueOrDefault(op) ?? OpCatalog.Find(op)!;
        Check.One(FixedSeed.Config(maxTest), Prop.ForAll(ChoiceStreams, (int[] choices) =>
        {
            var instance = row.Instantiate(new Choices(choices), valueSeed: choices.Sum(c => c % 1000));
            property(instance);
        }));
    }

    [Theory, MemberData(nameof(Rows))]
    public void Vjp_matches_central_differences_and_forward_mode(string op) =>
        ForAllCases(op, instance =>
        {
            var report = instance.Check();
            if (!report.Passed) throw new Xunit.Sdk.XunitException($"{instance}\n{report}");
            // GradCheck skips a variable reverse mode never reaches, so a VJP that drops cotangents would pass
            // unchecked: forward mode must then agree that the function does not depend on it.
            var skipped = Graph.Variables(instance.Function).Select(v => v.Name!).Except(report.Variables.Select(v => v.Name));
            foreach (var name in skipped)
            {
                var (_, tangent) = Grad.Jvp(instance.Function, instance.Point, Env.Of((name, Tensor.Ones(instance.Point[name].Shape))));
                if (tangent.ToArray().Any(t => t != 0))
                    throw new Xunit.Sdk.XunitException($"{instance}: reverse mode finds no gradient for {name}, but its forward tangent is {tangent}");
            }
        });

    [Theory, MemberData(nameof(Rows))]
    public void Kernel_output_has_the_shape_the_rule_promised(string op) =>
        ForAllCases(op, instance =>
        {
            var value = instance.Function.Evaluate(instance.Point);
            Assert.Equal(instance.Function.Shape, value.Shape);
        });

    [Theory, MemberData(nameof(Rows))]
    public void Evaluation_leaves_inputs_unchanged_and_repeats_bit_for_bit(string op) =>
        ForAllCases(op, instance =>
        {
            var before = instance.Point.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
            var grads = Grad.Of((instance.Function * instance.Function).Sum(), Graph.Variables(instance.Function).ToArray());
            var first = Evaluator.Evaluate([instance.Function, .. grads], instance.Point);
            var second = Evaluator.Evaluate([instance.Function, .. grads], instance.Point);
            foreach (var (name, values) in before) Assert.Equal(values, instance.Point[name].ToArray());
            Assert.Equal(first.Length, second.Length);
            for (var i = 0; i < first.Length; i++) Assert.True(first[i].Equals(second[i]), $"{instance}: output {i} differs between runs");
        }, maxTest: 10);
}
