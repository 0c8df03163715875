namespace Dual.Models.Tests;

/// <summary>
/// The fast engine gives the reference interpreter's bits on every row of the block table (layers, a transformer block,
/// two tiny GPTs' losses, every loss): the value and the gradients with respect to every variable, through
/// <see cref="Evaluator"/> and both forms of the <see cref="CompiledGradient"/>.
/// </summary>
public class BlockEngineTests
{
    public static TheoryData<string> Rows() => [.. BlockCatalog.All.Select(c => c.Name)];

    [Theory, MemberData(nameof(Rows))]
    public void Every_block_evaluates_to_the_reference_bits(string name)
    {
        foreach (var seed in new[] { 1, 2 })
        {
            var instance = BlockCatalog.Find(name)!.Instantiate(seed);
            var loss = instance.Function.Shape.Size == 1 ? instance.Function.Reshape([]) : (instance.Function * instance.Function).Sum();
            var variables = Graph.Variables(loss).ToArray();
            Expr[] roots = [instance.Function, loss, .. Grad.Of(loss, variables)];
            SameBits(Interpreter.Evaluate(roots, instance.Point), Evaluator.Evaluate(roots, instance.Point), $"{name} seed {seed}");

            var compiled = Grad.Compile(loss, variables);
            var inputs = compiled.Inputs.Select(v => instance.Point[v.Name!]).ToArray();
            var (value, gradients) = compiled.Evaluate(inputs);
            SameBits(Interpreter.Evaluate(roots[1..], instance.Point), [value, .. gradients], $"{name} seed {seed}, compiled");
            var arrays = compiled.NewGradientBuffers();
            foreach (var a in arrays) Array.Fill(a, double.NaN);
            var into = compiled.EvaluateInto(inputs, arrays);
            Assert.Equal(value.ToScalar(), into);
            SameBits(gradients, [.. arrays.Select((a, i) => Tensor.FromArray(variables[i].Shape, a))], $"{name} seed {seed}, compiled into the caller's arrays");
        }
    }

    private static void SameBits(Tensor[] expected, Tensor[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(expected[i].Equals(actual[i]), $"{what}: root {i} differs by {expected[i].MaxAbsDifference(actual[i]):E3}");
    }
}
