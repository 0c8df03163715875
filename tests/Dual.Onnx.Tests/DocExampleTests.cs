using Dual.Onnx;

namespace Dual.Onnx.Tests;

/// <summary>The C# example of docs/export.md, as written there (the file goes to a temporary folder), runs in ONNX Runtime.</summary>
public sealed class DocExampleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dual-onnx-doc-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_loss_and_gradient_example_exports_and_runs()
    {
        var path = Path.Combine(_dir, "loss-and-grad.onnx");

        var (w, x) = (Expr.Variable("w", [3, 2]), Expr.Variable("x", [4, 3]));
        var loss = x.MatMul(w).Tanh().Square().Mean();
        var gradW = Grad.Of(loss, w)[0];                  // a gradient is an Expr: it exports like any other
        OnnxExport.Save(path, [new("loss", loss), new("grad_w", gradW)],
            new OnnxExportOptions { ElementType = OnnxElementType.Float64 });

        var env = Env.Of(("w", Tensor.Generate([3, 2], k => 0.3 * k - 0.7)), ("x", Tensor.Generate([4, 3], k => Math.Cos(k))));
        using var runner = new OnnxRunner(File.ReadAllBytes(path));
        var actual = runner.Run(env);
        var expected = Evaluator.Evaluate([loss, gradW], env);
        Close.Assert("loss", expected[0].Span, actual["loss"], 1e-12);
        Close.Assert("grad_w", expected[1].Span, actual["grad_w"], 1e-12);
    }
}
