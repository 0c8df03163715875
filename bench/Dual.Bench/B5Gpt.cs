using Dual.Models;

namespace Dual.Bench;

/// <summary>
/// B5: char-level GPT on tiny Shakespeare (<see cref="GptConfig.Shakespeare"/>: vocab 65, width 128,
/// 4 heads, 4 layers, block 64), batch 16, AdamW lr 3e-4, wd 0.1 on 2-D weights. Initial weights
/// from DetRng(5) in the peer's order and layout, mapped onto Dual's names (the fused attn.w [3C, C]
/// becomes wq, wk, wv [C, C], each transposed); batches from DetRng(55). 200 steps; step_ms is the
/// median over steps 6..200; final_loss is the loss of step 200.
/// </summary>
internal static class B5Gpt
{
    private const int B = 16, T = 64, C = 128, L = 4, Steps = 200, Skip = 5;
    private const double Std = 0.02;

    public static void Run(string dataDir, int steps = Steps)
    {
        var text = File.ReadAllText(Path.Combine(dataDir, "tinyshakespeare.txt"));
        var chars = text.Distinct().Order(Comparer<char>.Create((a, b) => a.CompareTo(b))).ToArray();
        var index = new Dictionary<char, int>();
        for (var i = 0; i < chars.Length; i++) index[chars[i]] = i;
        var data = text.Select(c => index[c]).ToArray();
        var config = GptConfig.Shakespeare;
        if (chars.Length != config.VocabSize) throw new InvalidOperationException($"tiny Shakespeare has {chars.Length} characters; the config expects {config.VocabSize}.");

        var tokens = Expr.Variable("tokens", [B, T]);
        var targets = Expr.Variable("targets", [B, T]);
        var model = Layers.Gpt(tokens, config).Select(logits => Losses.SoftmaxCrossEntropy(logits, targets)).Build();
        var parameters = Init(config.VocabSize);
        parameters.Validate(model.Parameters);
        var optimizer = new AdamW(3e-4, weightDecay: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, decays: AdamW.MatricesOnly);
        var session = new TrainingSession(optimizer, parameters);

        var rng = new DetRng(55);
        var (xb, yb) = (new double[B * T], new double[B * T]);
        var meter = new Meter();
        var losses = new List<double>();
        Timing.Settle();
        for (var step = 0; step < steps; step++)
        {
            // The batch indices are drawn outside the timed step, as the peer does.
            for (var b = 0; b < B; b++)
            {
                var start0 = rng.Below(data.Length - T - 1);
                for (var t = 0; t < T; t++)
                {
                    xb[b * T + t] = data[start0 + t];
                    yb[b * T + t] = data[start0 + t + 1];
                }
            }
            if (step == Skip) meter.Open();
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            var batch = Env.Of(("tokens", Tensor.FromArray([B, T], xb)), ("targets", Tensor.FromArray([B, T], yb)));
            losses.Add(session.Step(model, batch).Loss);
            var end = System.Diagnostics.Stopwatch.GetTimestamp();
            if (step >= Skip) meter.Record(start, end);
        }
        meter.Close(Math.Max(0, steps - Skip));
        var n = losses.Count;
        var fields = new List<(string, double)>
        {
            ("step_ms", meter.MedianMs), ("mean_step_ms", meter.MeanMs),
            ("loss_step1", losses[0]), (n == Steps ? "final_loss" : $"loss_step{n}", losses[^1]),
        };
        if (n >= Steps) fields.Add(("avg_loss_191_200", losses.Skip(190).Take(10).Average()));
        fields.Add(("steps", n));
        fields.Add(("params", parameters.TotalSize));
        fields.Add(("nodes", GraphSize.Nodes(model.Value, model.Parameters)));
        fields.AddRange(meter.GcFields());
        Report.Line("B5", "f64", [.. fields]);
    }

    /// <summary>
    /// DetRng(5) in the peer's order: wte [V, C], wpe [T, C] ~ N(0, 0.02); per layer ln1 (1, 0),
    /// attn.w [3C, C] ~ N(0, 0.02) and attn.b 0, proj.w [C, C] ~ N(0, 0.02/√(2L)) and proj.b 0, ln2 (1, 0),
    /// fc.w [4C, C] ~ N(0, 0.02) and fc.b 0, fcproj.w [C, 4C] ~ N(0, 0.02/√(2L)) and fcproj.b 0;
    /// lnf (1, 0); lm_head.w [V, C] ~ N(0, 0.02). Constants draw nothing. Matrices [out, in] load transposed.
    /// </summary>
    private static Params Init(int vocab)
    {
        var rng = new DetRng(5);
        var projStd = Std / Math.Sqrt(2.0 * L);
        var values = new List<KeyValuePair<string, Tensor>>();
        double[] Normal(int count, double std)
        {
            var d = new double[count];
            for (var i = 0; i < count; i++) d[i] = rng.Normal(0, std);
            return d;
        }
        void Add(string path, Tensor value) => values.Add(new(path, value));
        void Const(string path, int length, double value) => Add(path, Tensor.Full([length], value));

        Add("wte", Tensor.FromArray([vocab, C], Normal(vocab * C, Std)));
        Add("wpe", Tensor.FromArray([T, C], Normal(T * C, Std)));
        for (var l = 0; l < L; l++)
        {
            var h = $"h{l}";
            Const($"{h}.ln1.g", C, 1);
            Const($"{h}.ln1.b", C, 0);
            var qkv = Normal(3 * C * C, Std); // rows 0..C−1 make q, C..2C−1 k, 2C..3C−1 v
            Add($"{h}.attn.wq", Load.RowsTransposed(qkv, 0, C, C));
            Add($"{h}.attn.wk", Load.RowsTransposed(qkv, C, C, C));
            Add($"{h}.attn.wv", Load.RowsTransposed(qkv, 2 * C, C, C));
            Const($"{h}.attn.bq", C, 0);
            Const($"{h}.attn.bk", C, 0);
            Const($"{h}.attn.bv", C, 0);
            Add($"{h}.attn.wo", Load.Transposed(Normal(C * C, projStd), C, C));
            Const($"{h}.attn.bo", C, 0);
            Const($"{h}.ln2.g", C, 1);
            Const($"{h}.ln2.b", C, 0);
            Add($"{h}.mlp.fc1.w", Load.Transposed(Normal(4 * C * C, Std), 4 * C, C));
            Const($"{h}.mlp.fc1.b", 4 * C, 0);
            Add($"{h}.mlp.fc2.w", Load.Transposed(Normal(C * 4 * C, projStd), C, 4 * C));
            Const($"{h}.mlp.fc2.b", C, 0);
        }
        Const("ln_f.g", C, 1);
        Const("ln_f.b", C, 0);
        Add("lm_head.w", Load.Transposed(Normal(vocab * C, Std), vocab, C));
        return Params.Of(values);
    }
}
