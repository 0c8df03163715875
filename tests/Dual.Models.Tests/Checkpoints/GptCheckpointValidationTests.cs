using System.Text.Json.Nodes;

namespace Dual.Models.Tests.Checkpoints;

/// <summary>
/// A hostile checkpoint is refused before anything is built: sizes over the limits, more parameters than the file holds,
/// non-finite weights and moments, numbers given as strings, inconsistent histories. Every refusal is a
/// <see cref="CheckpointException"/> naming the field and its value, in a bounded message.
/// </summary>
public sealed class GptCheckpointValidationTests
{
    private static readonly string[] Documents = ["emma", "olivia", "ava", "isabella", "sophia", "mia", "charlotte"];
    private static readonly CharTokenizer Tokenizer = CharTokenizer.FromText(string.Concat(Documents), withBos: true);
    private static readonly GptConfig Config = GptConfig.MicroGpt with { VocabSize = Tokenizer.VocabSize, BlockSize = 8 };
    private static readonly Lazy<Checkpoint> Good = new(MakeGood);

    private static Checkpoint MakeGood()
    {
        var trainer = new MicroGptTrainer(Config, Tokenizer, Documents, MicroGptTrainer.MicroGptAdam(20));
        var p = trainer.Init(1);
        var s = trainer.InitState(p);
        var losses = new List<double>();
        for (var i = 0; i < 2; i++)
        {
            double loss;
            (p, s, loss) = trainer.Step(p, s);
            losses.Add(loss);
        }

        var checkpoint = new GptCheckpoint("names", Config, Tokenizer, p, 2, s, "adam", new Dictionary<string, string> { ["seed"] = "1" }, losses, [new LossPoint(0, 3.3), new LossPoint(2, 3.1)]);
        var path = Path.Combine(Directory.CreateTempSubdirectory("dual-ckpt-valid-").FullName, "good.safetensors");
        try
        {
            checkpoint.Save(path);
            return SafeTensors.Load(path);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    // The good checkpoint with its tensors and metadata edited, written to bytes and read back as a GPT checkpoint.
    private static CheckpointException Rejected(
        Func<IEnumerable<KeyValuePair<string, Tensor>>, IEnumerable<KeyValuePair<string, Tensor>>>? tensors = null,
        Action<Dictionary<string, string>>? meta = null)
    {
        var metadata = Good.Value.Metadata.ToDictionary();
        meta?.Invoke(metadata);
        using var bytes = new MemoryStream();
        SafeTensors.Write(bytes, (tensors ?? (t => t))(Good.Value.Tensors), metadata);
        bytes.Position = 0;
        var e = Assert.Throws<CheckpointException>(() => GptCheckpoint.FromCheckpoint(SafeTensors.Read(bytes)));
        Assert.InRange(e.Message.Length, 1, CheckpointException.MaxMessageLength);
        return e;
    }

    private static Action<Dictionary<string, string>> ConfigField(string field, JsonNode? value) => meta =>
    {
        var json = JsonNode.Parse(meta["config"])!;
        json[field] = value;
        meta["config"] = json.ToJsonString();
    };

    private static KeyValuePair<string, Tensor> Replace(KeyValuePair<string, Tensor> kv, string name, int index, double value)
    {
        if (kv.Key != name) return kv;
        var values = kv.Value.ToArray();
        values[index] = value;
        return new(kv.Key, Tensor.FromArray(kv.Value.Shape, values));
    }

    [Fact]
    public void The_good_checkpoint_loads()
    {
        var loaded = GptCheckpoint.FromCheckpoint(Good.Value);

        Assert.Equal(2, loaded.Step);
    }

    [Theory]
    [InlineData(1_000_000_000, "Layers is 1000000000, more than the limit of 1024")]
    [InlineData(100_000, "Layers is 100000, more than the limit of 1024")]
    [InlineData(1000, "declares")]
    public void A_config_asking_for_more_layers_than_the_file_holds_is_refused_before_anything_is_built(int layers, string fragment)
    {
        var e = Rejected(meta: ConfigField(nameof(GptConfig.Layers), layers));

        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(GptConfig.Width), 1 << 20, "Width is 1048576")]
    [InlineData(nameof(GptConfig.BlockSize), 1 << 20, "BlockSize is 1048576")]
    [InlineData(nameof(GptConfig.MlpRatio), 1000, "MlpRatio is 1000")]
    public void Sizes_over_their_limits_are_named_with_their_values(string field, int value, string fragment)
    {
        var e = Rejected(meta: ConfigField(field, value));

        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sizes_within_the_limits_but_beyond_the_file_are_refused_by_the_parameter_budget()
    {
        var e = Rejected(meta: ConfigField(nameof(GptConfig.Width), 4096));

        Assert.Contains("declares", e.Message, StringComparison.Ordinal);
        Assert.Contains("far more than the", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(GptConfig.Width), "\"16\"", "'Width' is not an integer: \"16\"")]
    [InlineData(nameof(GptConfig.NormEps), "\"1e-5\"", "'NormEps' is not a finite number >= 0: \"1e-5\"")]
    [InlineData(nameof(GptConfig.Bias), "1", "'Bias' is not true or false: 1")]
    [InlineData(nameof(GptConfig.Norm), "\"LayerNorm, RmsNorm\"", "'Norm' is not one of")]
    [InlineData(nameof(GptConfig.Activation), "\"3\"", "'Activation' is not one of")]
    [InlineData(nameof(GptConfig.Layers), "4294967296", "'Layers' is not an integer: 4294967296")]
    public void Values_of_the_wrong_kind_are_named(string field, string json, string fragment)
    {
        var e = Rejected(meta: ConfigField(field, JsonNode.Parse(json)));

        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("h0.attn.wq", 5, double.NaN, "tensor 'h0.attn.wq' [16, 16] has NaN at index 5")]
    [InlineData("wte", 0, double.PositiveInfinity, "tensor 'wte' [")]
    [InlineData("optimizer.m.lm_head.w", 3, double.NegativeInfinity, "tensor 'optimizer.m.lm_head.w' [16, 15] has -Infinity at index 3")]
    [InlineData("optimizer.v.wpe", 7, -0.5, "tensor 'optimizer.v.wpe' [8, 16] has -0.5 at index 7")]
    [InlineData("history.train_loss", 1, double.NaN, "'history.train_loss' has NaN at step 2")]
    public void Non_finite_weights_moments_and_losses_are_refused_naming_tensor_and_index(string tensor, int index, double value, string fragment)
    {
        var e = Rejected(tensors: t => t.Select(kv => Replace(kv, tensor, index, value)));

        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_validation_point_after_the_last_step_is_refused()
    {
        var e = Rejected(tensors: t => t.Select(kv => Replace(kv, "history.val_loss", 2, 99)));

        Assert.Contains("step 99", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_loss_history_that_does_not_match_the_step_is_refused()
    {
        var e = Rejected(meta: m => m["step"] = "5");

        Assert.Contains("has 2 losses but metadata 'step' is 5", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("m,m", "names a slot twice")]
    [InlineData("m,,v", "empty or dotted")]
    [InlineData("a,b,c,d,e,f,g,h,i", "more than the limit")]
    public void Bad_optimizer_slot_lists_are_named(string slots, string fragment)
    {
        var e = Rejected(meta: m => m["optimizer.slots"] = slots);

        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("task", " ", "'task' is empty")]
    [InlineData("step", "99999999999", "'step' is not a non-negative integer: '99999999999'")]
    public void Bad_metadata_values_are_named(string key, string value, string fragment)
    {
        var e = Rejected(meta: m => m[key] = value);

        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hundred_thousand_unknown_tensors_give_a_short_message()
    {
        var extra = Enumerable.Range(0, 100_000).Select(i => new KeyValuePair<string, Tensor>($"junk{i}", Tensor.Zeros([0])));

        var e = Rejected(tensors: t => t.Concat(extra));

        Assert.Contains("not in the model: junk0, junk1", e.Message, StringComparison.Ordinal);
        Assert.Contains("and 99992 more", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_is_one_line_whatever_the_names_in_the_file_hold()
    {
        var e = Rejected(tensors: t => t.Append(new("line one\nline two\u0007", Tensor.Zeros([0]))));

        Assert.Contains("line one\\nline two\\u0007", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_huge_metadata_value_is_quoted_short()
    {
        var e = Rejected(meta: m => m["format"] = new string('x', 1_000_000));

        Assert.Contains("its format is 'xxx", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length < 200, e.Message);
    }

    [Fact]
    public void Parameter_count_by_arithmetic_matches_the_built_model_for_every_option()
    {
        var checkedConfigs = 0;
        foreach (var norm in new[] { GptNorm.LayerNorm, GptNorm.RmsNorm })
        foreach (var flags in Enumerable.Range(0, 32))
        foreach (var (layers, ratio) in new[] { (1, 1), (2, 3) })
        {
            var config = new GptConfig(7, 8, 2, layers, 5) with
            {
                Norm = norm,
                MlpRatio = ratio,
                NormGain = (flags & 1) != 0,
                Bias = (flags & 2) != 0,
                TieWeights = (flags & 4) != 0,
                EmbeddingNorm = (flags & 8) != 0,
                FinalNorm = (flags & 16) != 0,
            };
            var built = GptCheckpoint.ParametersOf(config).Sum(p => (long)p.Shape.Size);

            Assert.True(built == GptCheckpointLimits.ParameterCount(config), $"{config}: built {built}, counted {GptCheckpointLimits.ParameterCount(config)}");
            checkedConfigs++;
        }

        Assert.Equal(2 * 32 * 2, checkedConfigs);
    }
}
