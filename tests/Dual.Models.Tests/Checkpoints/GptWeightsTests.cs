using System.Buffers.Binary;
using System.Text.Json;

namespace Dual.Models.Tests.Checkpoints;

public sealed class GptWeightsTests : IDisposable
{
    // GPT-2's own layout: LayerNorm with gain and bias, biases everywhere, GELU, final norm; two blocks.
    private static readonly GptConfig Gpt2Like = new(11, 8, 2, 2, 6);

    private readonly string _dir = Directory.CreateTempSubdirectory("dual-gpt-weights-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Params Weights(GptConfig config, int seed) => Layers.Gpt(Expr.Variable("tokens", [1]), config).Build().Init(seed);

    public static TheoryData<string, GptTensorNames> Configs() => new()
    {
        { "microgpt", GptTensorNames.Dual },
        { "microgpt", GptTensorNames.HuggingFace },
        { "gpt2-like", GptTensorNames.Dual },
        { "gpt2-like", GptTensorNames.HuggingFace },
    };

    private static GptConfig ConfigNamed(string name) => name == "microgpt" ? GptConfig.MicroGpt : Gpt2Like;

    [Theory]
    [MemberData(nameof(Configs))]
    public void A_float64_export_imports_back_bit_for_bit(string configName, GptTensorNames names)
    {
        var config = ConfigNamed(configName);
        var weights = Weights(config, 3);
        var path = Path.Combine(_dir, "w.safetensors");

        GptWeights.Export(path, config, weights, names, SafeTensorsDType.F64);
        var back = GptWeights.Import(path, config, names);
        var (readConfig, again) = GptWeights.Import(path);

        Assert.Equal(config, readConfig);
        foreach (var imported in new[] { back, again })
        {
            Assert.Equal(weights.Keys, imported.Keys);
            foreach (var key in weights.Keys)
                Assert.Equal(weights[key].ToArray().Select(BitConverter.DoubleToInt64Bits), imported[key].ToArray().Select(BitConverter.DoubleToInt64Bits));
        }
    }

    [Fact]
    public void Matrices_are_out_by_in_and_embeddings_keep_their_layout()
    {
        var weights = Weights(Gpt2Like, 1);
        var exported = GptWeights.ToPyTorch(Gpt2Like, weights).ToDictionary(kv => kv.Key, kv => kv.Value);

        var wq = weights["h0.attn.wq"];             // Dual: [in, out]
        var fc1 = weights["h1.mlp.fc1.w"];           // [C, 4C]
        Assert.Equal(Shape.Of(32, 8), exported["h1.mlp.fc1.w"].Shape);
        Assert.Equal(fc1[3, 17], exported["h1.mlp.fc1.w"][17, 3]);
        Assert.Equal(wq[2, 5], exported["h0.attn.wq"][5, 2]);
        Assert.Equal(Shape.Of(11, 8), exported["lm_head.w"].Shape);
        Assert.Equal(weights["wte"].ToArray(), exported["wte"].ToArray());
        Assert.Equal(weights["wpe"].ToArray(), exported["wpe"].ToArray());
    }

    [Fact]
    public void Hugging_face_names_are_gpt2s_with_q_k_v_fused_in_that_order()
    {
        var weights = Weights(Gpt2Like, 2);
        var exported = GptWeights.ToPyTorch(Gpt2Like, weights, GptTensorNames.HuggingFace).ToDictionary(kv => kv.Key, kv => kv.Value);
        string[] block =
        [
            "ln_1.weight", "ln_1.bias", "attn.c_attn.weight", "attn.c_attn.bias", "attn.c_proj.weight", "attn.c_proj.bias",
            "ln_2.weight", "ln_2.bias", "mlp.c_fc.weight", "mlp.c_fc.bias", "mlp.c_proj.weight", "mlp.c_proj.bias",
        ];
        string[] expected =
        [
            "transformer.wte.weight", "transformer.wpe.weight",
            .. block.Select(n => "transformer.h.0." + n), .. block.Select(n => "transformer.h.1." + n),
            "transformer.ln_f.weight", "transformer.ln_f.bias", "lm_head.weight",
        ];

        Assert.Equal(expected.Order(StringComparer.Ordinal), exported.Keys.Order(StringComparer.Ordinal));
        var cAttn = exported["transformer.h.1.attn.c_attn.weight"];      // [3C, C]: rows q, then k, then v
        Assert.Equal(Shape.Of(24, 8), cAttn.Shape);
        Assert.Equal(weights["h1.attn.wq"][6, 2], cAttn[2, 6]);
        Assert.Equal(weights["h1.attn.wk"][6, 2], cAttn[8 + 2, 6]);
        Assert.Equal(weights["h1.attn.wv"][6, 2], cAttn[16 + 2, 6]);
        Assert.Equal(weights["h1.attn.bk"][3], exported["transformer.h.1.attn.c_attn.bias"][8 + 3]);
        Assert.Equal(weights["h0.mlp.fc2.w"][30, 1], exported["transformer.h.0.mlp.c_proj.weight"][1, 30]);
    }

    [Fact]
    public void A_float32_file_is_plain_safetensors_any_reader_can_parse()
    {
        var weights = Weights(Gpt2Like, 4);
        var path = Path.Combine(_dir, "f32.safetensors");
        GptWeights.Export(path, Gpt2Like, weights, GptTensorNames.HuggingFace);   // float32 by default

        // Read the file by the format's definition, without Dual's reader.
        var bytes = File.ReadAllBytes(path);
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, headerLength));
        var data = bytes.AsSpan(8 + headerLength);
        Assert.Equal("pt", header.RootElement.GetProperty("__metadata__").GetProperty("format").GetString());
        var entry = header.RootElement.GetProperty("transformer.h.0.mlp.c_fc.weight");
        Assert.Equal("F32", entry.GetProperty("dtype").GetString());
        Assert.Equal([32, 8], entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        var begin = entry.GetProperty("data_offsets")[0].GetInt32();
        Assert.Equal(4 * 32 * 8, entry.GetProperty("data_offsets")[1].GetInt32() - begin);
        // Row 5 (output unit 5), column 7 (input 7) of the [out, in] matrix is Dual's fc1.w[7, 5], rounded to float32.
        var value = BinaryPrimitives.ReadSingleLittleEndian(data[(begin + 4 * (5 * 8 + 7))..]);
        Assert.Equal((float)weights["h0.mlp.fc1.w"][7, 5], value);

        var imported = GptWeights.Import(path, Gpt2Like, GptTensorNames.HuggingFace);
        Assert.Equal((double)(float)weights["h1.attn.wv"][4, 1], imported["h1.attn.wv"][4, 1]);
    }

    [Fact]
    public void An_import_that_does_not_fit_names_each_tensor_and_both_shapes()
    {
        var tensors = GptWeights.ToPyTorch(Gpt2Like, Weights(Gpt2Like, 5), GptTensorNames.HuggingFace).ToDictionary(kv => kv.Key, kv => kv.Value);
        tensors.Remove("transformer.h.1.ln_2.bias");
        tensors["transformer.h.0.mlp.c_fc.weight"] = Tensor.Zeros([8, 32]);          // [in, out]: not transposed
        tensors["transformer.h.2.attn.c_attn.weight"] = Tensor.Zeros([24, 8]);       // a third block the config lacks
        tensors["transformer.h.0.attn.bias"] = Tensor.Zeros([1, 1, 6, 6]);           // GPT-2's mask buffer: ignored

        var e = Assert.Throws<CheckpointException>(() => GptWeights.FromPyTorch(Gpt2Like, tensors, GptTensorNames.HuggingFace));

        Assert.Contains("missing 'transformer.h.1.ln_2.bias' [8] (Dual's h1.ln2.b)", e.Message, StringComparison.Ordinal);
        Assert.Contains("'transformer.h.0.mlp.c_fc.weight' is [8, 32] in the file; the config needs [32, 8] (Dual's h0.mlp.fc1.w)", e.Message, StringComparison.Ordinal);
        Assert.Contains("unexpected 'transformer.h.2.attn.c_attn.weight' [24, 8]", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("transformer.h.0.attn.bias", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Weights_of_another_naming_are_all_reported()
    {
        var dualNamed = GptWeights.ToPyTorch(GptConfig.MicroGpt, Weights(GptConfig.MicroGpt, 6)).ToDictionary(kv => kv.Key, kv => kv.Value);

        var e = Assert.Throws<CheckpointException>(() => GptWeights.FromPyTorch(GptConfig.MicroGpt, dualNamed, GptTensorNames.HuggingFace));

        Assert.Contains("missing 'transformer.wte.weight' [27, 16] (Dual's wte)", e.Message, StringComparison.Ordinal);
        Assert.Contains("unexpected 'h0.attn.wq' [16, 16]", e.Message, StringComparison.Ordinal);
    }
}
