namespace Dual.Models.Tests;

/// <summary>
/// Plain-loop implementations of the layers, written from the formulas and independent of the expression
/// graph: the expected values of the layer tests. Sequences are <c>double[T][C]</c>.
/// </summary>
internal static class Reference
{
    /// <summary>A parameter path inside a scope ("" for the root).</summary>
    public static string At(string scope, string name) => scope.Length == 0 ? name : $"{scope}.{name}";

    public static double Gelu(double x) => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));

    public static double Relu(double x) => x > 0 ? x : 0;

    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>Rows of a tensor whose last axis is the feature axis: <c>[N][C]</c> with N the product of the leading axes.</summary>
    public static double[][] Rows(Tensor t)
    {
        var c = t.Shape[^1];
        var data = t.ToArray();
        return Enumerable.Range(0, data.Length / c).Select(r => data.AsSpan(r * c, c).ToArray()).ToArray();
    }

    /// <summary>The rows back into a tensor of the given shape.</summary>
    public static Tensor FromRows(Shape shape, double[][] rows) => Tensor.FromArray(shape, rows.SelectMany(r => r).ToArray());

    /// <summary>y = x·W (+ b) for one row, W given as a tensor <c>[in, out]</c>.</summary>
    public static double[] Linear(double[] x, Tensor w, Tensor? b = null)
    {
        var (n, m) = (w.Shape[0], w.Shape[1]);
        var y = new double[m];
        for (var j = 0; j < m; j++)
        {
            var s = b is null ? 0.0 : b[j];
            for (var i = 0; i < n; i++) s += x[i] * w[i, j];
            y[j] = s;
        }
        return y;
    }

    public static double[] LayerNorm(double[] x, double eps, Tensor? g = null, Tensor? b = null)
    {
        var mean = x.Average();
        var variance = x.Select(v => (v - mean) * (v - mean)).Average();
        return x.Select((v, i) => (v - mean) / Math.Sqrt(variance + eps) * (g?[i] ?? 1) + (b?[i] ?? 0)).ToArray();
    }

    public static double[] RmsNorm(double[] x, double eps, Tensor? g = null)
    {
        var ms = x.Select(v => v * v).Average();
        return x.Select((v, i) => v / Math.Sqrt(ms + eps) * (g?[i] ?? 1)).ToArray();
    }

    /// <summary>Causal multi-head attention of one sequence <c>[T][C]</c>, straight from the definition.</summary>
    public static double[][] Attention(double[][] x, int heads, Params p, string scope, bool bias)
    {
        Tensor? B(string name) => bias ? p[At(scope, name)] : null;
        var q = x.Select(r => Linear(r, p[At(scope, "wq")], B("bq"))).ToArray();
        var k = x.Select(r => Linear(r, p[At(scope, "wk")], B("bk"))).ToArray();
        var v = x.Select(r => Linear(r, p[At(scope, "wv")], B("bv"))).ToArray();
        int length = x.Length, width = x[0].Length, size = width / heads;
        var merged = new double[length][];
        for (var t = 0; t < length; t++)
        {
            merged[t] = new double[width];
            for (var h = 0; h < heads; h++)
            {
                var scores = new double[t + 1];
                for (var j = 0; j <= t; j++)
                {
                    for (var d = 0; d < size; d++) scores[j] += q[t][h * size + d] * k[j][h * size + d];
                    scores[j] /= Math.Sqrt(size);
                }
                var max = scores.Max();
                var e = scores.Select(s => Math.Exp(s - max)).ToArray();
                var z = e.Sum();
                for (var j = 0; j <= t; j++)
                    for (var d = 0; d < size; d++) merged[t][h * size + d] += e[j] / z * v[j][h * size + d];
            }
        }
        return merged.Select(r => Linear(r, p[At(scope, "wo")], B("bo"))).ToArray();
    }

    public static double[] FeedForward(double[] x, Params p, string scope, Func<double, double> act, bool bias) =>
        Linear(Linear(x, p[At(scope, "fc1.w")], bias ? p[At(scope, "fc1.b")] : null).Select(act).ToArray(),
            p[At(scope, "fc2.w")], bias ? p[At(scope, "fc2.b")] : null);

    public static double[] Norm(double[] x, GptConfig c, Params p, string scope) => c.Norm switch
    {
        GptNorm.LayerNorm => LayerNorm(x, c.NormEps, c.NormGain ? p[At(scope, "g")] : null, c.NormGain && c.Bias ? p[At(scope, "b")] : null),
        _ => RmsNorm(x, c.NormEps, c.NormGain ? p[At(scope, "g")] : null),
    };

    public static double[][] Block(double[][] x, GptConfig c, Params p, string scope)
    {
        var a = Attention(x.Select(r => Norm(r, c, p, At(scope, "ln1"))).ToArray(), c.Heads, p, At(scope, "attn"), c.Bias);
        var r = x.Select((row, t) => row.Zip(a[t], (u, w) => u + w).ToArray()).ToArray();
        Func<double, double> act = c.Activation == GptActivation.Gelu ? Gelu : Relu;
        return r.Select(row => row.Zip(FeedForward(Norm(row, c, p, At(scope, "ln2")), p, At(scope, "mlp"), act, c.Bias), (u, w) => u + w).ToArray()).ToArray();
    }

    /// <summary>The GPT's hidden states after the trunk, for one sequence of embeddings.</summary>
    public static double[][] Trunk(double[][] x, GptConfig c, Params p)
    {
        var h = c.EmbeddingNorm ? x.Select(r => Norm(r, c, p, "ln_e")).ToArray() : x;
        for (var l = 0; l < c.Layers; l++) h = Block(h, c, p, $"h{l}");
        return c.FinalNorm ? h.Select(r => Norm(r, c, p, "ln_f")).ToArray() : h;
    }

    /// <summary>The GPT's logits <c>[T][V]</c> for one sequence of token ids.</summary>
    public static double[][] Gpt(int[] tokens, GptConfig c, Params p)
    {
        var (wte, wpe) = (p["wte"], p["wpe"]);
        var x = tokens.Select((tok, t) => Enumerable.Range(0, c.Width).Select(i => wte[tok, i] + wpe[t, i]).ToArray()).ToArray();
        var h = Trunk(x, c, p);
        return c.TieWeights
            ? h.Select(r => Enumerable.Range(0, c.VocabSize).Select(v => Enumerable.Range(0, c.Width).Sum(i => r[i] * wte[v, i])).ToArray()).ToArray()
            : h.Select(r => Linear(r, p["lm_head.w"])).ToArray();
    }

    /// <summary>Mean over rows of −log softmax(logits)[target].</summary>
    public static double CrossEntropy(double[][] logits, int[] targets) =>
        logits.Select((row, r) =>
        {
            var max = row.Max();
            var lse = max + Math.Log(row.Sum(v => Math.Exp(v - max)));
            return lse - row[targets[r]];
        }).Average();
}
