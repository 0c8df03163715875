using System.Globalization;
using Dual.Models;
using static Dual.Track.Grading.Matrices;

namespace Dual.Track.Projects;

/// <summary>
/// microgpt's forward pass and the plumbing of its backward pass, around a learner's pieces (<see cref="ITinyGpt"/>):
/// embeddings wte[tokens] + wpe, RMSNorm, each block r = x + attn(norm(x)), y = r + mlp(norm(r)), logits = y·lm_head,
/// the mean cross-entropy. The backward walks the same way down, calling the learner for every piece and doing the
/// residual sums, the lm-head's matrix products and the embeddings' scatter itself. Parameters use Dual's paths and
/// layouts (<see cref="Layers.Gpt"/>), so gradients compare path by path with Dual's.
/// </summary>
internal sealed class MicroGptPlumbing
{
    /// <summary>Plumbing for a GPT of microgpt's architecture (<see cref="GptConfig.InMicroGptStyle"/>) with <paramref name="config"/>'s sizes.</summary>
    /// <exception cref="ArgumentException">The config asks for another norm, gains, biases, activation, a final norm or tied weights.</exception>
    public MicroGptPlumbing(GptConfig config)
    {
        if (config != config.InMicroGptStyle() with { EmbeddingNorm = config.EmbeddingNorm } || config.TieWeights)
        {
            throw new ArgumentException("the track's microgpt plumbing runs microgpt's architecture only: RMSNorm without gain, ReLU, no biases, no final norm, an untied lm-head", nameof(config));
        }

        Config = config;
    }

    public GptConfig Config { get; }

    /// <summary>The loss on a document's tokens <c>[BOS, …, BOS]</c> (its first min(BlockSize, n − 1) positions).</summary>
    public double Loss(Params parameters, IReadOnlyList<int> tokens) => Forward(AsMatrices(parameters), tokens).Loss;

    /// <summary>The loss and the gradient of every parameter (by path, Dual's layouts), the backward pass made of the learner's pieces.</summary>
    public (double Loss, Params Gradients) ValueAndGrad(ITinyGpt learner, Params parameters, IReadOnlyList<int> tokens)
    {
        var p = AsMatrices(parameters);
        var f = Forward(p, tokens);
        var g = new Dictionary<string, double[,]>(StringComparer.Ordinal);
        var dLogits = Checked(learner.CrossEntropyBackward(f.Logits, f.Targets), f.Logits, "CrossEntropyBackward", "dLogits");
        g["lm_head.w"] = MatMul(f.Top, dLogits, transposeA: true);
        var dx = MatMul(dLogits, p["lm_head.w"], transposeB: true);
        for (var l = Config.Layers - 1; l >= 0; l--)
        {
            var (block, prefix) = (f.Blocks[l], $"h{l.ToString(CultureInfo.InvariantCulture)}.");
            var (fc1, fc2) = (p[prefix + "mlp.fc1.w"], p[prefix + "mlp.fc2.w"]);
            var mlp = learner.MlpBackward(block.Norm2, fc1, fc2, dx) ?? throw Null("MlpBackward");
            g[prefix + "mlp.fc1.w"] = Checked(mlp.DW1, fc1, "MlpBackward", "DW1");
            g[prefix + "mlp.fc2.w"] = Checked(mlp.DW2, fc2, "MlpBackward", "DW2");
            var dr = Add(dx, Norm(learner, block.Residual, Checked(mlp.DX, dx, "MlpBackward", "DX")));
            var (wq, wk, wv, wo) = (p[prefix + "attn.wq"], p[prefix + "attn.wk"], p[prefix + "attn.wv"], p[prefix + "attn.wo"]);
            var attention = learner.AttentionBackward(block.Norm1, wq, wk, wv, wo, Config.Heads, dr) ?? throw Null("AttentionBackward");
            g[prefix + "attn.wq"] = Checked(attention.DWq, wq, "AttentionBackward", "DWq");
            g[prefix + "attn.wk"] = Checked(attention.DWk, wk, "AttentionBackward", "DWk");
            g[prefix + "attn.wv"] = Checked(attention.DWv, wv, "AttentionBackward", "DWv");
            g[prefix + "attn.wo"] = Checked(attention.DWo, wo, "AttentionBackward", "DWo");
            dx = Add(dr, Norm(learner, block.Input, Checked(attention.DX, dr, "AttentionBackward", "DX")));
        }

        if (Config.EmbeddingNorm)
        {
            dx = Norm(learner, f.Embedded, dx);
        }

        var (dwte, dwpe) = (new double[Config.VocabSize, Config.Width], new double[Config.BlockSize, Config.Width]);
        for (var t = 0; t < f.Context.Length; t++)
        {
            for (var c = 0; c < Config.Width; c++)
            {
                dwte[f.Context[t], c] += dx[t, c];
                dwpe[t, c] = dx[t, c];
            }
        }

        g["wte"] = dwte;
        g["wpe"] = dwpe;
        return (f.Loss, Params.Of(parameters.Keys.Select(k => KeyValuePair.Create(k, Tensor.FromArray(parameters[k].Shape, Grading.Numbers.Flatten(g[k]))))));
    }

    private double[,] Norm(ITinyGpt learner, double[,] x, double[,] dy) =>
        Checked(learner.RmsNormBackward(x, dy, Config.NormEps), x, "RmsNormBackward", "dX");

    private sealed record Block(double[,] Input, double[,] Norm1, double[,] Residual, double[,] Norm2);

    private sealed record Pass(int[] Context, int[] Targets, double[,] Embedded, Block[] Blocks, double[,] Top, double[,] Logits, double Loss);

    private Pass Forward(Dictionary<string, double[,]> p, IReadOnlyList<int> tokens)
    {
        var length = Math.Min(Config.BlockSize, tokens.Count - 1);
        var context = tokens.Take(length).ToArray();
        var targets = tokens.Skip(1).Take(length).ToArray();
        var embedded = new double[length, Config.Width];
        for (var t = 0; t < length; t++)
        {
            for (var c = 0; c < Config.Width; c++)
            {
                embedded[t, c] = p["wte"][context[t], c] + p["wpe"][t, c];
            }
        }

        var x = Config.EmbeddingNorm ? GptPieces.RmsNorm(embedded, Config.NormEps) : embedded;
        var blocks = new Block[Config.Layers];
        for (var l = 0; l < Config.Layers; l++)
        {
            var prefix = $"h{l.ToString(CultureInfo.InvariantCulture)}.";
            var n1 = GptPieces.RmsNorm(x, Config.NormEps);
            var r = Add(x, GptPieces.Attention(n1, p[prefix + "attn.wq"], p[prefix + "attn.wk"], p[prefix + "attn.wv"], p[prefix + "attn.wo"], Config.Heads));
            var n2 = GptPieces.RmsNorm(r, Config.NormEps);
            blocks[l] = new Block(x, n1, r, n2);
            x = Add(r, GptPieces.Mlp(n2, p[prefix + "mlp.fc1.w"], p[prefix + "mlp.fc2.w"]));
        }

        var logits = MatMul(x, p["lm_head.w"]);
        return new Pass(context, targets, embedded, blocks, x, logits, GptPieces.CrossEntropy(logits, targets));
    }

    private static Dictionary<string, double[,]> AsMatrices(Params parameters) =>
        parameters.ToDictionary(kv => kv.Key, kv => Of(kv.Value.ToArray(), kv.Value.Shape[0], kv.Value.Shape[1]), StringComparer.Ordinal);

    /// <summary>The learner's tensor, if it has <paramref name="like"/>'s shape; else an exception that says which.</summary>
    private static double[,] Checked(double[,]? got, double[,] like, string function, string what)
    {
        if (got is null)
        {
            throw new InvalidOperationException($"{function} returned null for {what}");
        }

        if (got.GetLength(0) != like.GetLength(0) || got.GetLength(1) != like.GetLength(1))
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"{function} returned {what} of shape [{got.GetLength(0)},{got.GetLength(1)}]; expected [{like.GetLength(0)},{like.GetLength(1)}]"));
        }

        return got;
    }

    private static InvalidOperationException Null(string function) => new($"{function} returned null");
}
