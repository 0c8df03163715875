using FsCheck;
using FsCheck.Fluent;

namespace Dual.Tests.Execution;

/// <summary>
/// The fast engine's one promise: the same bits as the reference <see cref="Interpreter"/>. Checked for every row of
/// the op catalogue (value and gradients, through <see cref="Evaluator"/> and both forms of <see cref="CompiledGradient"/>),
/// for random graphs with shared nodes, broadcasting, views, products and reductions, for random graphs of scalars
/// over every elementwise primitive at the kernels' edge values (the scalar program's path), for deep chains, and for
/// tensors large enough that the kernels split over both cores.
/// </summary>
public class EngineMatchesReferenceTests
{
    public static TheoryData<string> Rows() => [.. OpCatalog.All.Select(c => c.Name)];

    private static readonly Arbitrary<int[]> ChoiceStreams = ArbMap.Default.ArbFor<int[]>();

    [Theory, MemberData(nameof(Rows))]
    public void Every_catalogue_row_evaluates_to_the_reference_bits(string op)
    {
        var row = OpCatalog.Find(op)!;
        Check.One(FixedSeed.Config(15), Prop.ForAll(ChoiceStreams, (int[] choices) =>
        {
            var instance = row.Instantiate(new Choices(choices), valueSeed: choices.Sum(c => c % 1000));
            var variables = Graph.Variables(instance.Function).ToArray();
            var loss = (instance.Function * instance.Function).Sum();
            Expr[] roots = [instance.Function, loss, .. Grad.Of(loss, variables)];
            AssertSameBits(Interpreter.Evaluate(roots, instance.Point), Evaluator.Evaluate(roots, instance.Point), instance.ToString());
            AssertCompiledMatches(loss, variables, instance.Point, instance.ToString());
        }));
    }

    [Fact]
    public void Random_graphs_evaluate_to_the_reference_bits() =>
        Check.One(FixedSeed.Config(200), Prop.ForAll(ChoiceStreams, (int[] choices) =>
        {
            var (roots, env) = RandomGraph.Build(RandomGraph.Stream(choices), large: false);
            AssertSameBits(Interpreter.Evaluate(roots, env), Evaluator.Evaluate(roots, env), $"graph from [{string.Join(", ", choices)}]");
            // The forward graph alone: without the gradients reading them, intermediates die early and their buffers are reused.
            AssertSameBits(Interpreter.Evaluate(roots[..1], env), Evaluator.Evaluate(roots[..1], env), $"forward graph from [{string.Join(", ", choices)}]");
        }));

    [Fact]
    public void Random_graphs_over_tensors_that_split_over_cores_evaluate_to_the_reference_bits() =>
        Check.One(FixedSeed.Config(6), Prop.ForAll(ChoiceStreams, (int[] choices) =>
        {
            var (roots, env) = RandomGraph.Build(RandomGraph.Stream(choices), large: true);
            AssertSameBits(Interpreter.Evaluate(roots, env), Evaluator.Evaluate(roots, env), $"large graph from [{string.Join(", ", choices)}]");
        }));

    [Fact]
    public void Compiled_gradients_of_random_graphs_match_the_reference() =>
        Check.One(FixedSeed.Config(60), Prop.ForAll(ChoiceStreams, (int[] choices) =>
        {
            var (roots, env) = RandomGraph.Build(RandomGraph.Stream(choices), large: false);
            var loss = roots[0].Sum();
            AssertCompiledMatches(loss, [.. Graph.Variables(loss)], env, $"graph from [{string.Join(", ", choices)}]");
        }));

    [Fact]
    public void Random_graphs_of_scalars_over_every_elementwise_primitive_evaluate_to_the_reference_bits() =>
        Check.One(FixedSeed.Config(300), Prop.ForAll(ChoiceStreams, (int[] choices) =>
        {
            var what = $"scalar graph from [{string.Join(", ", choices)}]";
            var (roots, env) = ScalarGraph.Build(RandomGraph.Stream(choices));
            // The engine runs these as a flat scalar program, not through the kernels: that is the path under test.
            Assert.NotNull(Evaluator.PlanFor(roots).Scalar);
            AssertSameBits(Interpreter.Evaluate(roots, env), Evaluator.Evaluate(roots, env), what);
            AssertSameBits(Interpreter.Evaluate(roots[..1], env), Evaluator.Evaluate(roots[..1], env), "forward " + what);
            var loss = roots[2];
            if (Graph.Variables(loss).Any()) AssertCompiledMatches(loss, [.. Graph.Variables(loss)], env, what);
        }));

    [Fact]
    public void A_deep_chain_evaluates_to_the_reference_bits()
    {
        var x = Expr.Variable("x", [3]);
        var y = x;
        for (var i = 0; i < 3000; i++)
            y = (i % 3) switch { 0 => (y * 0.9).Tanh(), 1 => y + x * 0.01, _ => y.Reshape([1, 3]).Reshape([3]) - 0.001 };
        var loss = y.Sum();
        var env = Env.Of(("x", Tensor.Vector(0.3, -0.2, 0.7)));
        Expr[] roots = [y, loss, .. Grad.Of(loss, x)];
        AssertSameBits(Interpreter.Evaluate(roots, env), Evaluator.Evaluate(roots, env), "deep chain");
    }

    // The value and gradients of a compiled gradient, fresh and written into the caller's arrays, against the reference.
    internal static void AssertCompiledMatches(Expr loss, Expr[] variables, Env env, string what)
    {
        var expected = Interpreter.Evaluate([loss, .. Grad.Of(loss, variables)], env);
        var compiled = Grad.Compile(loss, variables);
        var inputs = compiled.Inputs.Select(v => env[v.Name!]).ToArray();
        var (value, gradients) = compiled.Evaluate(inputs);
        AssertSameBits(expected, [value, .. gradients], what + " (compiled, fresh)");
        var arrays = compiled.NewGradientBuffers();
        foreach (var a in arrays) Array.Fill(a, double.NaN); // every element must be written
        var loss2 = compiled.EvaluateInto(inputs, arrays);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected[0].ToScalar()), BitConverter.DoubleToInt64Bits(loss2));
        AssertSameBits(expected[1..], [.. arrays.Select((a, i) => Tensor.FromArray(variables[i].Shape, a))], what + " (compiled, into)");
    }

    internal static void AssertSameBits(Tensor[] expected, Tensor[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Shape, actual[i].Shape);
            if (!expected[i].Equals(actual[i]))
                Assert.Fail($"{what}: root {i} differs from the reference by {expected[i].MaxAbsDifference(actual[i]):E3}");
        }
    }
}
