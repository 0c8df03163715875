using Dual.Cli;
using Dual.Cli.Commands;
using Dual.Models;

namespace Dual.Onnx.Tests;

/// <summary>
/// <c>dual export onnx</c> on a names GPT trained for 100 steps: ONNX Runtime's logits equal Dual's (1e-12 in float64,
/// 1e-5 in float32), a sampling loop over the ONNX model draws the same names as <c>dual sample</c>, and the loss and
/// every gradient of the GPT, exported as one graph, equal Dual's backward pass.
/// </summary>
public sealed class GptExportTests : IClassFixture<GptExportTests.TrainedNames>, IDisposable
{
    private readonly TrainedNames _model;
    private readonly string _dir = Directory.CreateTempSubdirectory("dual-onnx-gpt-").FullName;

    public GptExportTests(TrainedNames model) => _model = model;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>microgpt's names model after 100 steps of its own training, saved as a checkpoint.</summary>
    public sealed class TrainedNames : IDisposable
    {
        public TrainedNames()
        {
            var corpus = DocumentCorpus.Names(seed: 42);
            var trainer = new MicroGptTrainer(GptConfig.MicroGpt, corpus.Tokenizer, corpus.Documents(DataSplit.Train), MicroGptTrainer.MicroGptAdam());
            var parameters = trainer.Init(42);
            var state = trainer.InitState(parameters);
            for (var s = 0; s < 100; s++) (parameters, state, _) = trainer.Step(parameters, state);
            (Tokenizer, Params) = (corpus.Tokenizer, parameters);
            Checkpoint = Path.Combine(Folder, "names.safetensors");
            new GptCheckpoint("names", GptConfig.MicroGpt, Tokenizer, Params, 100).Save(Checkpoint);
        }

        public string Folder { get; } = Directory.CreateTempSubdirectory("dual-onnx-names-").FullName;

        public string Checkpoint { get; }

        public CharTokenizer Tokenizer { get; }

        public Params Params { get; }

        public void Dispose() => Directory.Delete(Folder, recursive: true);
    }

    private byte[] Export(string dtype)
    {
        var path = Path.Combine(_dir, $"names-{dtype}.onnx");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = App.Run(["export", "onnx", "--checkpoint", _model.Checkpoint, "--out", path, "--dtype", dtype], stdout, stderr);
        Assert.True(exit == 0, $"dual export onnx exited {exit}: {stderr}");
        Assert.StartsWith($"wrote {path}: ONNX opset 18", stdout.ToString(), StringComparison.Ordinal);
        return File.ReadAllBytes(path);
    }

    // The logits of the token after `context` from the ONNX model: the context padded with BOS to the block, its last position read.
    private static double[] OnnxNextLogits(OnnxRunner runner, IReadOnlyList<int> context, GptConfig config, int pad)
    {
        var window = context.TakeLast(config.BlockSize).ToArray();
        var tokens = Tensor.Generate([config.BlockSize], t => t < window.Length ? window[t] : pad);
        var logits = runner.Run(new Dictionary<string, Tensor> { [ExportGptOnnx.TokensInput] = tokens })[ExportGptOnnx.LogitsOutput];
        return logits[((window.Length - 1) * config.VocabSize)..(window.Length * config.VocabSize)];
    }

    [Theory]
    [InlineData("f64", 1e-12)]
    [InlineData("f32", 1e-5)]
    public void Onnx_logits_equal_duals_at_every_context_length(string dtype, double tolerance)
    {
        var config = GptConfig.MicroGpt;
        using var runner = new OnnxRunner(Export(dtype));
        var sampler = new GptSampler(config, _model.Params);
        var bos = _model.Tokenizer.Bos;
        int[] name = [bos, .. _model.Tokenizer.Encode("montgomeryhenry"), bos];   // 17 tokens: one past the block, so the window slides too

        for (var length = 1; length <= name.Length; length++)
        {
            var context = name[..length];
            Close.Assert($"{dtype} logits after {length} tokens", sampler.NextLogits(context), OnnxNextLogits(runner, context, config, bos), tolerance);
        }
    }

    [Theory]
    [InlineData(OnnxElementType.Float64, 1e-12)]
    [InlineData(OnnxElementType.Float32, 1e-5)]
    public void A_gpt2_style_model_with_gelu_layer_norm_and_biases_exports_as_well(OnnxElementType type, double tolerance)
    {
        // The shakespeare model's architecture (LayerNorm with gains and biases, GELU, biases, final norm), small.
        var config = new GptConfig(11, 8, 2, 2, 6) { InitStd = 0.5 };
        var weights = Layers.Gpt(Expr.Variable("tokens", [1]), config).Build().Init(5);
        var checkpoint = new GptCheckpoint("shakespeare", config, CharTokenizer.FromText("abcdefghijk"), weights, 0);
        using var runner = new OnnxRunner(Google.Protobuf.MessageExtensions.ToByteArray(ExportGptOnnx.Model(checkpoint, type)));
        var tokens = Tensor.FromArray([6], [3, 0, 10, 7, 7, 1]);

        var expected = Evaluator.Evaluate(Layers.Gpt(Expr.Variable("tokens", [6]), config).Build().Value, weights.ToEnv().With("tokens", tokens));
        var actual = runner.Run(new Dictionary<string, Tensor> { ["tokens"] = tokens })["logits"];

        Close.Assert($"{type} logits", expected.Span, actual, tolerance);
        Assert.True(expected.Span.ToArray().Max() - expected.Span.ToArray().Min() > 1, "the logits vary enough to test something");
    }

    [Fact]
    public void A_sampling_loop_over_the_onnx_model_draws_the_names_dual_sample_prints()
    {
        const int seed = 7;
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Assert.Equal(0, App.Run(["sample", "--checkpoint", _model.Checkpoint, "--seed", "7"], stdout, stderr));
        var printed = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // The loop of `dual sample` (GptSampling.Names): one seeded stream, each name drawn after [BOS] until BOS or the block is full.
        var config = GptConfig.MicroGpt;
        var bos = _model.Tokenizer.Bos;
        using var runner = new OnnxRunner(Export("f64"));
        var random = GptSampler.CreateRandom(seed);
        var names = new List<string>();
        for (var i = 0; i < printed.Length; i++)
        {
            var context = new List<int> { bos };
            var drawn = new List<int>();
            while (drawn.Count < config.BlockSize)
            {
                var next = GptSampler.Draw(OnnxNextLogits(runner, context, config, bos), GptSampling.NamesTemperature, null, random);
                if (next == bos) break;
                drawn.Add(next);
                context.Add(next);
            }
            names.Add(_model.Tokenizer.Decode(drawn));
        }

        Assert.Equal(20, printed.Length);
        Assert.Equal(printed, names);
    }

    [Fact]
    public void The_loss_and_every_gradient_of_the_gpt_run_in_onnx_runtime_as_in_dual()
    {
        var config = GptConfig.MicroGpt;
        var (tokens, targets) = (Expr.Variable("tokens", [config.BlockSize]), Expr.Variable("targets", [config.BlockSize]));
        var built = Layers.Gpt(tokens, config).Select(logits => Losses.SoftmaxCrossEntropy(logits, targets)).Build();
        var gradients = Grad.Of(built.Value).Where(g => _model.Params.ContainsKey(g.Key)).ToArray();   // not the index inputs
        var outputs = new List<KeyValuePair<string, Expr>> { new("loss", built.Value) };
        outputs.AddRange(gradients.Select(g => new KeyValuePair<string, Expr>("grad." + g.Key, g.Value)));
        var tokenIds = _model.Tokenizer.Encode("abigailjosephine");
        var env = _model.Params.ToEnv()
            .With("tokens", Tensor.Generate([config.BlockSize], t => t == 0 ? _model.Tokenizer.Bos : tokenIds[t - 1]))
            .With("targets", Tensor.Generate([config.BlockSize], t => tokenIds[t]));

        // Weights are graph inputs here, so the exported graph is the function of parameters Dual differentiates.
        var bytes = OnnxExport.ToBytes(outputs, new OnnxExportOptions { IndexInputs = ["tokens", "targets"] });
        using var runner = new OnnxRunner(bytes);
        var actual = runner.Run(env);
        var expected = Evaluator.Evaluate([.. outputs.Select(o => o.Value)], env);

        Assert.Equal(_model.Params.Count, gradients.Length);
        for (var i = 0; i < outputs.Count; i++) Close.Assert(outputs[i].Key, expected[i].Span, actual[outputs[i].Key], 1e-12);
        Assert.True(expected[0].ToScalar() is > 1 and < 4, $"loss {expected[0].ToScalar()}");
    }
}
