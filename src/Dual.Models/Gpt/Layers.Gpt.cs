using System.Globalization;

namespace Dual.Models;

public static partial class Layers
{
    /// <summary>
    /// A GPT: token ids <paramref name="tokens"/> of shape <c>[T]</c> or <c>[B, T]</c> (integer values in
    /// <c>[0, VocabSize)</c>, T ≤ BlockSize) to logits <c>[T, VocabSize]</c> or <c>[B, T, VocabSize]</c>.
    /// x = wte[tokens] + wpe[0…T−1], then <see cref="GptTrunk"/>, then the lm-head (h·lm_head.w, or h·wteᵀ when tied).
    /// <para>Parameters, in declaration order (C = Width, V = VocabSize, H = MlpWidth, i = 0 … Layers−1):</para>
    /// <list type="bullet">
    /// <item><c>wte [V, C]</c> token embedding, <c>wpe [BlockSize, C]</c> position embedding;</item>
    /// <item><c>ln_e.g</c>, <c>ln_e.b</c> with <see cref="GptConfig.EmbeddingNorm"/> (if the norm has them);</item>
    /// <item>per block <c>h{i}.ln1.g</c>, <c>h{i}.ln1.b</c> [C]; <c>h{i}.attn.wq</c>, <c>h{i}.attn.bq</c>, <c>wk</c>, <c>bk</c>,
    /// <c>wv</c>, <c>bv</c>, <c>wo</c>, <c>bo</c> ([C, C] and [C]); <c>h{i}.ln2.g</c>, <c>h{i}.ln2.b</c>; <c>h{i}.mlp.fc1.w [C, H]</c>,
    /// <c>h{i}.mlp.fc1.b [H]</c>, <c>h{i}.mlp.fc2.w [H, C]</c>, <c>h{i}.mlp.fc2.b [C]</c>;</item>
    /// <item><c>ln_f.g</c>, <c>ln_f.b</c> with <see cref="GptConfig.FinalNorm"/>;</item>
    /// <item><c>lm_head.w [C, V]</c> unless <see cref="GptConfig.TieWeights"/>.</item>
    /// </list>
    /// Biases (<c>b*</c>, <c>*.b</c>) exist only with <see cref="GptConfig.Bias"/>, gains (<c>*.g</c>) only with
    /// <see cref="GptConfig.NormGain"/>; RMSNorm has no bias. Weights are <c>[in, out]</c> (y = x·W): weights stored
    /// as <c>[out][in]</c> (PyTorch, microgpt) load transposed. Embeddings and weights start N(0, InitStd²); wo and
    /// fc2.w N(0, (InitStd/√(2·Layers))²) with <see cref="GptConfig.ScaleResidualInit"/>; gains 1, biases 0.
    /// </summary>
    /// <exception cref="ShapeException">The tokens are not of rank 1 or 2, or longer than the block size.</exception>
    public static Model<Expr> Gpt(Expr tokens, GptConfig config)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        if (tokens.Rank is not (1 or 2))
            throw new ShapeException($"Gpt: the tokens must be [T] or [B, T]; got shape {tokens.Shape}.");
        var length = tokens.Shape[^1];
        if (length > config.BlockSize)
            throw new ShapeException(string.Create(CultureInfo.InvariantCulture,
                $"Gpt: the sequence length {length} exceeds the config's BlockSize {config.BlockSize} (tokens shape {tokens.Shape})."));
        var init = Init.Normal(config.InitStd);
        return from wte in Model.Param("wte", [config.VocabSize, config.Width], init)
               from wpe in Model.Param("wpe", [config.BlockSize, config.Width], init)
               let positions = length == config.BlockSize ? wpe : wpe.Slice(0, 0, length)
               from h in GptTrunk(wte.Gather(tokens, 0) + positions, config)
               from logits in config.TieWeights
                   ? Model.Return(ProjectTransposed(h, wte))
                   : Dense(h, config.VocabSize, bias: false, init).Named("lm_head")
               select logits;
    }

    /// <summary>
    /// The GPT between the embeddings and the lm-head, from continuous inputs <paramref name="x"/> of shape
    /// <c>[T, C]</c> or <c>[B, T, C]</c> (the embedding sum): the embedding norm <c>ln_e</c> if configured,
    /// <see cref="GptConfig.Layers"/> transformer blocks <c>h0, h1…</c> (<see cref="TransformerBlock"/>), and the final
    /// norm <c>ln_f</c> if configured. Returns hidden states of x's shape; output position t depends on inputs 0…t only.
    /// </summary>
    /// <exception cref="ShapeException">The input's width or length does not fit the config.</exception>
    public static Model<Expr> GptTrunk(Expr x, GptConfig config)
    {
        ArgumentNullException.ThrowIfNull(x);
        RequireSequence(x, config, nameof(GptTrunk));
        var start = config.EmbeddingNorm ? Norm(x, config).Named("ln_e") : Model.Return(x);
        return from h0 in start
               from h in Model.Repeat(config.Layers, h0, (h, _) => TransformerBlock(h, config))
               from y in config.FinalNorm ? Norm(h, config).Named("ln_f") : Model.Return(h)
               select y;
    }
}
