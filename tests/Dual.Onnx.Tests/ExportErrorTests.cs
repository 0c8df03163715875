using Dual.Onnx;

namespace Dual.Onnx.Tests;

/// <summary>What cannot be exported is refused with a message that names it.</summary>
public class ExportErrorTests
{
    [Fact]
    public void A_primitive_without_an_onnx_lowering_is_named()
    {
        var x = Expr.Variable("x", [3]);
        var y = (x.Gelu() * 2.0).Sum();
        var withoutGelu = OnnxLowerings.Table.Where(kv => kv.Key != OpKind.Gelu).ToDictionary(kv => kv.Key, kv => kv.Value);

        var e = Assert.Throws<OnnxExportException>(() => OnnxExport.ToModel([new KeyValuePair<string, Expr>("y", y)], new OnnxExportOptions(), withoutGelu));

        Assert.Contains("The graph uses Gelu, which ONNX cannot express", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Gelu,", e.Message[(e.Message.IndexOf("exportable", StringComparison.Ordinal))..], StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_defined_primitive_is_refused_by_its_own_name()
    {
        var softplus = OpDef.Define("softplus", 1,
            forward: (x, _) => Tensor.Generate(x[0].Shape, k => Math.Log(1 + Math.Exp(x[0].Span[k]))),
            vjp: (y, dy) => [dy * y.Inputs[0].Sigmoid()]);
        var y = softplus.Apply(Expr.Variable("x", [3])).Sum();

        var e = Assert.Throws<OnnxExportException>(() => OnnxExport.ToModel(y, "y"));

        Assert.Contains("The graph uses the user-defined primitive 'softplus', which ONNX cannot express", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_weight_of_the_wrong_shape_names_both_shapes()
    {
        var w = Expr.Variable("w", [2, 3]);
        var y = w.Sum();
        var options = new OnnxExportOptions { Initializers = new Dictionary<string, Tensor> { ["w"] = Tensor.Zeros([3, 2]) } };

        var e = Assert.Throws<OnnxExportException>(() => OnnxExport.ToModel(y, "y", options));

        Assert.Equal("The weight 'w' has shape [3, 2]; the graph's variable 'w' has shape [2, 3].", e.Message);
    }

    [Fact]
    public void Output_names_must_be_distinct_and_not_those_of_inputs()
    {
        var x = Expr.Variable("x", [2]);

        Assert.Contains("'y' is used twice", Assert.Throws<OnnxExportException>(() => OnnxExport.ToModel([new("y", x.Exp()), new KeyValuePair<string, Expr>("y", x.Log())])).Message, StringComparison.Ordinal);
        Assert.Contains("'x' is also the name of an input", Assert.Throws<OnnxExportException>(() => OnnxExport.ToModel(x.Exp(), "x")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Variables_of_one_name_are_one_input_and_must_agree_on_the_shape()
    {
        var once = Expr.Variable("x", [2]);
        var again = Expr.Variable("x", [2]);
        using var runner = new OnnxRunner(OnnxExport.ToBytes([new KeyValuePair<string, Expr>("y", once * again)]));

        Assert.Equal(["x"], runner.InputNames);
        Assert.Equal([9.0, 0.25], runner.Run(new Dictionary<string, Tensor> { ["x"] = Tensor.FromArray([2], [3, 0.5]) })["y"]);
        var e = Assert.Throws<OnnxExportException>(() => OnnxExport.ToModel(once.Sum() + Expr.Variable("x", [3]).Sum(), "y"));
        Assert.Equal("The graph has two variables named 'x', of shapes [2] and [3].", e.Message);
    }

    [Fact]
    public void Names_starting_with_percent_are_kept_for_the_exporters_values()
    {
        var x = Expr.Variable("x", [2]);

        Assert.Contains("'%1' starts with '%'", Assert.Throws<OnnxExportException>(() => OnnxExport.ToModel(x.Exp(), "%1")).Message, StringComparison.Ordinal);
        Assert.Contains("'%x' starts with '%'", Assert.Throws<OnnxExportException>(() => OnnxExport.ToModel(Expr.Variable("%x", [2]).Exp(), "y")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_variable_used_as_an_output_is_exported_through_identity()
    {
        var x = Expr.Variable("x", [2]);
        using var runner = new OnnxRunner(OnnxExport.ToBytes([new("copy", x), new KeyValuePair<string, Expr>("twice", x + x)]));

        var result = runner.Run(new Dictionary<string, Tensor> { ["x"] = Tensor.FromArray([2], [1.5, -2]) });

        Assert.Equal([1.5, -2], result["copy"]);
        Assert.Equal([3.0, -4], result["twice"]);
    }
}
