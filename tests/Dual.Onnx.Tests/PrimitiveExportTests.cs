using System.Globalization;
using Dual.Onnx;

namespace Dual.Onnx.Tests;

/// <summary>
/// Every primitive and composite of <see cref="OpCatalog"/>, at shapes and values drawn by fixed seeds: the function and
/// the gradient of a random projection of it, exported to ONNX and run by ONNX Runtime, equal Dual's own evaluation.
/// </summary>
public class PrimitiveExportTests
{
    private static readonly int[] Seeds = [1, 2, 3, 4, 5, 6, 7, 8];

    public static TheoryData<string> Cases() => [.. OpCatalog.All.Select(c => c.Name)];

    [Fact]
    public void Every_primitive_has_an_onnx_lowering()
    {
        // Custom stands for every user-defined primitive, whose forward is .NET code: refused, by name (below).
        var primitives = Enum.GetValues<OpKind>().Where(k => k is not (OpKind.Constant or OpKind.Variable or OpKind.Custom));

        Assert.Equal(primitives.Order(), OnnxExport.SupportedPrimitives.Order());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Function_and_gradients_run_in_onnx_runtime_as_in_dual_float64(string name) => CrossCheck(name, OnnxElementType.Float64, 1e-12);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Function_and_gradients_run_in_onnx_runtime_as_in_dual_float32(string name) => CrossCheck(name, OnnxElementType.Float32, 1e-5);

    private static Tensor RoundToSingle(Tensor t)
    {
        var values = t.ToArray();
        return Tensor.Generate(t.Shape, k => (float)values[k]);
    }

    private static void CrossCheck(string name, OnnxElementType type, double tolerance)
    {
        var op = OpCatalog.Find(name)!;
        foreach (var seed in Seeds)
        {
            var instance = op.Instantiate(Choices.Random(seed), seed);
            var y = instance.Function;
            var variables = Graph.Variables(y);
            // A scalar loss that weighs every output element differently, so each gradient element is checked.
            var weights = Tensor.Generate(y.Shape, k => 0.5 + 0.25 * Math.Sin(k + seed));
            var loss = (y * Expr.Constant(weights)).Sum();
            var grads = Grad.Of(loss, [.. variables]);
            var outputs = new List<KeyValuePair<string, Expr>> { new("y", y), new("loss", loss) };
            outputs.AddRange(variables.Select((v, i) => new KeyValuePair<string, Expr>("grad_" + v.Name, grads[i])));

            var inputs = instance.Point;
            if (type == OnnxElementType.Float32)
            {
                // Dual evaluates the float32-rounded inputs, so the comparison measures the arithmetic, not the rounding of inputs.
                inputs = Env.Of(inputs.Select(kv => new KeyValuePair<string, Tensor>(kv.Key, RoundToSingle(kv.Value))));
            }
            var expected = Evaluator.Evaluate([.. outputs.Select(o => o.Value)], inputs);
            var bytes = OnnxExport.ToBytes(outputs, new OnnxExportOptions { ElementType = type });
            using var runner = new OnnxRunner(bytes);
            var actual = runner.Run(inputs);
            for (var i = 0; i < outputs.Count; i++)
            {
                Close.Assert(string.Create(CultureInfo.InvariantCulture, $"{instance} seed {seed} {outputs[i].Key}"), expected[i].Span, actual[outputs[i].Key], tolerance);
            }
        }
    }
}
