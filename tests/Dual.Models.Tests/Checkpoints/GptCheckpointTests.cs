namespace Dual.Models.Tests.Checkpoints;

/// <summary>
/// GPT checkpoints: a round trip keeps everything bit for bit, training resumed from one continues exactly as if it had
/// never stopped, and a file that does not fit the model its config describes is rejected naming every culprit.
/// </summary>
public sealed class GptCheckpointTests : IDisposable
{
    private static readonly string[] Documents = ["emma", "olivia", "ava", "isabella", "sophia", "mia", "charlotte"];
    private static readonly CharTokenizer Tokenizer = CharTokenizer.FromText(string.Concat(Documents), withBos: true);
    private static readonly GptConfig Config = GptConfig.MicroGpt with { VocabSize = Tokenizer.VocabSize, BlockSize = 8 };

    private readonly string _dir = Directory.CreateTempSubdirectory("dual-gpt-ckpt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static MicroGptTrainer NewTrainer() => new(Config, Tokenizer, Documents, MicroGptTrainer.MicroGptAdam(20));

    private static (Params Params, OptimizerState State, List<double> Losses) Train(MicroGptTrainer trainer, Params p, OptimizerState s, int steps)
    {
        var losses = new List<double>();
        for (var i = 0; i < steps; i++)
        {
            double loss;
            (p, s, loss) = trainer.Step(p, s);
            losses.Add(loss);
        }
        return (p, s, losses);
    }

    private static void AssertBitIdentical(Params expected, Params actual, string what)
    {
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (k, v) in expected)
        {
            var a = v.ToArray();
            var b = actual[k].ToArray();
            for (var i = 0; i < a.Length; i++)
                Assert.True(BitConverter.DoubleToInt64Bits(a[i]) == BitConverter.DoubleToInt64Bits(b[i]), $"{what} {k}[{i}]: {a[i]:R} vs {b[i]:R}");
        }
    }

    private GptCheckpoint SampleCheckpoint(int steps = 2)
    {
        var trainer = NewTrainer();
        var p0 = trainer.Init(1);
        var (p, s, losses) = Train(trainer, p0, trainer.InitState(p0), steps);
        return new GptCheckpoint("names", Config, Tokenizer, p, steps, s, trainer.Optimizer.ToString(),
            new Dictionary<string, string> { ["seed"] = "1", ["lr"] = "0.01" }, losses, [new LossPoint(0, 3.3), new LossPoint(steps, 3.1)]);
    }

    [Fact]
    public void Save_then_load_keeps_the_model_optimizer_history_and_settings()
    {
        var saved = SampleCheckpoint();
        saved.Save(PathOf("a.safetensors"));

        var loaded = GptCheckpoint.Load(PathOf("a.safetensors"));

        Assert.Equal("names", loaded.Task);
        Assert.Equal(Config, loaded.Config);
        Assert.Equal(Tokenizer.Alphabet, loaded.Tokenizer.Alphabet);
        Assert.True(loaded.Tokenizer.HasBos);
        Assert.Equal(2, loaded.Step);
        AssertBitIdentical(saved.Params, loaded.Params, "param");
        Assert.NotNull(loaded.Optimizer);
        Assert.Equal(2, loaded.Optimizer.Step);
        Assert.Equal(["m", "v"], loaded.Optimizer.SlotNames);
        AssertBitIdentical(saved.Optimizer!["m"], loaded.Optimizer["m"], "m");
        AssertBitIdentical(saved.Optimizer["v"], loaded.Optimizer["v"], "v");
        Assert.Equal(saved.TrainLosses, loaded.TrainLosses);
        Assert.Equal(saved.ValidationLosses, loaded.ValidationLosses);
        Assert.Equal(saved.Settings, loaded.Settings);
        Assert.Equal(1, loaded.IntSetting("seed"));
        Assert.Equal(0.01, loaded.DoubleSetting("lr"));
        Assert.Equal(saved.OptimizerDescription, loaded.OptimizerDescription);
    }

    [Fact]
    public void The_presets_round_trip_through_the_config_metadata()
    {
        foreach (var config in new[] { GptConfig.MicroGpt, GptConfig.Shakespeare, new GptConfig(5, 8, 2, 3, 4) { TieWeights = true, NormEps = 1e-6, MlpRatio = 2 } })
        {
            var tokenizer = CharTokenizer.FromText(string.Concat(Enumerable.Range(0, config.VocabSize).Select(i => (char)('!' + i))));
            var p = Layers.Gpt(Expr.Variable("tokens", [1]), config).Build().Init(0);
            new GptCheckpoint("test", config, tokenizer, p, 0).Save(PathOf("c.safetensors"));

            var loaded = GptCheckpoint.Load(PathOf("c.safetensors"));

            Assert.Equal(config, loaded.Config);
            Assert.Null(loaded.Optimizer);
            Assert.Empty(loaded.TrainLosses);
        }
    }

    [Fact]
    public void N_steps_then_save_and_resume_then_M_steps_is_bit_for_bit_N_plus_M_steps()
    {
        const int n = 3, m = 4;
        var trainer = NewTrainer();
        var p0 = trainer.Init(7);
        var (straight, straightState, straightLosses) = Train(trainer, p0, trainer.InitState(p0), n + m);

        var (pn, sn, first) = Train(trainer, p0, trainer.InitState(p0), n);
        new GptCheckpoint("names", Config, Tokenizer, pn, n, sn, null, null, first).Save(PathOf("n.safetensors"));
        var resumed = GptCheckpoint.Load(PathOf("n.safetensors"));
        var fresh = NewTrainer(); // a new process would start with nothing cached
        var (pm, sm, second) = Train(fresh, resumed.Params, resumed.Optimizer!, m);

        AssertBitIdentical(straight, pm, "param");
        AssertBitIdentical(straightState["m"], sm["m"], "m");
        AssertBitIdentical(straightState["v"], sm["v"], "v");
        Assert.Equal(n + m, sm.Step);
        Assert.Equal(straightLosses, [.. resumed.TrainLosses, .. second]);
    }

    // Saves the sample checkpoint with its tensors changed by `edit`, then loads it.
    private CheckpointException Rejected(Func<Params, IEnumerable<KeyValuePair<string, Tensor>>> edit, Func<IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>>? meta = null)
    {
        var good = PathOf("good.safetensors");
        SampleCheckpoint().Save(good);
        var raw = SafeTensors.Load(good);
        var bad = PathOf("bad.safetensors");
        SafeTensors.Save(bad, edit(raw.Tensors), meta is null ? raw.Metadata : meta(raw.Metadata));
        var e = Assert.Throws<CheckpointException>(() => GptCheckpoint.Load(bad));
        Assert.Contains(bad, e.Message, StringComparison.Ordinal);
        return e;
    }

    [Fact]
    public void A_missing_parameter_is_named()
    {
        var e = Rejected(t => t.Where(kv => kv.Key != "h0.attn.wk"));

        Assert.Contains("missing: h0.attn.wk", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_extra_tensor_is_named()
    {
        var e = Rejected(t => t.Append(new("h1.attn.wq", Tensor.Zeros([16, 16]))).Append(new("history.other", Tensor.Zeros([2]))));

        Assert.Contains("not in the model: h1.attn.wq, history.other", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrongly_shaped_parameter_is_named_with_both_shapes()
    {
        var e = Rejected(t => t.Select(kv => kv.Key == "lm_head.w" ? new KeyValuePair<string, Tensor>(kv.Key, Tensor.Zeros([Tokenizer.VocabSize, 16])) : kv));

        Assert.Contains("wrong shape: lm_head.w is [", e.Message, StringComparison.Ordinal);
        Assert.Contains($"the model's [16, {Tokenizer.VocabSize}]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_and_misshapen_optimizer_state_is_named()
    {
        var e = Rejected(t => t.Where(kv => kv.Key != "optimizer.v.wpe")
            .Select(kv => kv.Key == "optimizer.m.wte" ? new KeyValuePair<string, Tensor>(kv.Key, Tensor.Zeros([2, 2])) : kv));

        Assert.Contains("missing: optimizer.v.wpe", e.Message, StringComparison.Ordinal);
        Assert.Contains("optimizer.m.wte is [2, 2]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void All_problems_are_reported_together()
    {
        var e = Rejected(t => t.Where(kv => kv.Key is not ("wte" or "wpe")).Append(new("bogus", Tensor.Scalar(1))));

        Assert.Contains("missing: wte, wpe", e.Message, StringComparison.Ordinal);
        Assert.Contains("not in the model: bogus", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("format", null, "no 'format' entry")]
    [InlineData("format", "other/1", "its format is 'other/1'")]
    [InlineData("config", "{\"VocabSize\": 3}", "no field 'Width'")]
    [InlineData("config", "not json", "not valid JSON")]
    [InlineData("tokenizer.alphabet", "ab", "VocabSize")]
    [InlineData("tokenizer.alphabet", "ba" , "sorted")]
    [InlineData("tokenizer.bos", "yes", "'true' or 'false'")]
    [InlineData("step", "-1", "'step'")]
    [InlineData("task", null, "no 'task' entry")]
    public void Bad_metadata_is_named(string key, string? value, string fragment)
    {
        var e = Rejected(t => t, meta =>
        {
            var edited = meta.ToDictionary();
            if (value is null) edited.Remove(key);
            else edited[key] = value;
            return edited;
        });

        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_with_invalid_sizes_is_a_checkpoint_error()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(GptConfigJson.Write(Config))!;
        json["Heads"] = 3;

        var e = Rejected(t => t, meta => new Dictionary<string, string>(meta) { ["config"] = json.ToJsonString() });

        Assert.Contains("not divisible", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_a_checkpoint_error()
    {
        var e = Assert.Throws<CheckpointException>(() => GptCheckpoint.Load(PathOf("nothing.safetensors")));

        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_constructor_rejects_parameters_that_do_not_fit_the_config()
    {
        var trainer = NewTrainer();
        var p = trainer.Init(0);
        Assert.Throws<ArgumentException>(() => new GptCheckpoint("names", Config with { Width = 8 }, Tokenizer, p, 0));
        Assert.Throws<ArgumentException>(() => new GptCheckpoint("names", Config, CharTokenizer.FromText("ab"), p, 0));
        Assert.Throws<ArgumentException>(() => new GptCheckpoint("names", Config, Tokenizer, p, 1, trainer.InitState(p)));
    }
}
