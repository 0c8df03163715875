using Dual.Models;

namespace Dual.Cli.Tests.Commands;

/// <summary><c>dual export safetensors|onnx</c>: the files it writes load back, and what it cannot use is named.</summary>
public sealed class ExportCommandTests : IDisposable
{
    private static readonly GptConfig Config = new(11, 8, 2, 2, 6);
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private (string Path, Params Weights) Checkpoint()
    {
        var tokenizer = CharTokenizer.FromText("abcdefghij", withBos: true);
        var weights = Layers.Gpt(Expr.Variable("tokens", [1]), Config).Build().Init(3);
        var path = _temp.File("model.safetensors");
        new GptCheckpoint("names", Config, tokenizer, weights, 5).Save(path);
        return (path, weights);
    }

    [Fact]
    public void Safetensors_with_hf_names_in_f64_import_back_bit_for_bit()
    {
        var (checkpoint, weights) = Checkpoint();
        var output = _temp.File("hf.safetensors");

        var run = CliRun.Of("export", "safetensors", "--checkpoint", checkpoint, "--out", output, "--dtype", "f64", "--names", "hf");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"wrote {output}: {weights.Count} tensors, {weights.TotalSize} weights, F64, HuggingFace names, matrices [out, in]", run.StdoutLines.Single());
        var imported = GptWeights.Import(output, Config, GptTensorNames.HuggingFace);
        foreach (var key in weights.Keys) Assert.Equal(weights[key].ToArray(), imported[key].ToArray());
        Assert.Contains("transformer.h.1.attn.c_attn.weight", SafeTensors.HeaderText(output), StringComparison.Ordinal);
    }

    [Fact]
    public void Safetensors_are_float32_with_duals_names_by_default()
    {
        var (checkpoint, weights) = Checkpoint();
        var output = _temp.File("w.safetensors");

        Assert.Equal(0, CliRun.Of("export", "safetensors", "--checkpoint", checkpoint, "--out", output).ExitCode);

        var header = SafeTensors.HeaderText(output);
        Assert.Contains("\"h0.attn.wq\":{\"dtype\":\"F32\"", header, StringComparison.Ordinal);
        Assert.DoesNotContain("F64", header, StringComparison.Ordinal);
        var (config, imported) = GptWeights.Import(output);
        Assert.Equal(Config, config);
        Assert.Equal((double)(float)weights["h1.mlp.fc2.w"][9, 4], imported["h1.mlp.fc2.w"][9, 4]);
    }

    [Fact]
    public void Onnx_export_writes_a_model_and_reports_its_interface()
    {
        var (checkpoint, _) = Checkpoint();
        var output = _temp.File("m.onnx");

        var run = CliRun.Of("export", "onnx", "--checkpoint", checkpoint, "--out", output, "--dtype", "f32");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith($"wrote {output}: ONNX opset 18, float32, tokens int64 [6] -> logits [6, 11], ", run.Stdout, StringComparison.Ordinal);
        var model = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(output));
        Assert.Equal("tokens", model.Graph.Input.Single().Name);
        Assert.Equal("logits", model.Graph.Output.Single().Name);
        Assert.Contains(model.MetadataProps, p => p.Key == "dual.tokenizer.alphabet" && p.Value == "abcdefghij");
    }

    [Theory]
    [InlineData("onnx")]
    [InlineData("safetensors")]
    public void A_missing_checkpoint_is_exit_1_naming_it(string format)
    {
        var missing = _temp.File("nope.safetensors");

        var run = CliRun.Of("export", format, "--checkpoint", missing, "--out", _temp.File("out"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(missing, run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.File("out")));
    }

    [Theory]
    [InlineData("onnx", "--dtype", "f16")]
    [InlineData("safetensors", "--dtype", "bf16")]
    [InlineData("safetensors", "--names", "torch")]
    public void An_unknown_option_value_is_a_usage_error(string format, string option, string value)
    {
        var (checkpoint, _) = Checkpoint();

        var run = CliRun.Of("export", format, "--checkpoint", checkpoint, "--out", _temp.File("out"), option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(value, run.Stderr, StringComparison.Ordinal);
    }
}
