namespace Dual.Models;

/// <summary>
/// The block table, the models-level companion of <see cref="OpCatalog"/>: every layer, a transformer block, two
/// tiny GPTs' losses, and every loss, each at a fixed small size, checked against central differences, forward
/// mode and the Taylor remainder by <c>dual gradcheck</c> and by the tests. Inputs are drawn away from kinks;
/// ids and labels are constants.
/// </summary>
public static class BlockCatalog
{
    /// <summary>A GPT-2-style configuration small enough to check (vocab 7, width 8, 2 heads, 2 layers, block 5), with a larger
    /// initial spread than GPT-2's so the check sees non-trivial values.</summary>
    public static GptConfig TinyGpt { get; } = new(7, 8, 2, 2, 5) { InitStd = 0.3 };

    /// <summary><see cref="TinyGpt"/> in microgpt's style: RMSNorm without gain on the embeddings and before each sublayer, ReLU, no biases, no final norm.</summary>
    public static GptConfig TinyMicroGpt { get; } = TinyGpt.InMicroGptStyle();

    /// <summary>Every row: layers, then blocks and models, then losses.</summary>
    public static IReadOnlyList<BlockCase> All { get; } =
    [
        new("Neuron", i => Layers.Neuron(i.Variable("x", [3]))),
        new("Dense", i => Layers.Dense(i.Variable("x", [2, 2, 3]), 4)),
        new("Mlp", i => Layers.Mlp(i.Variable("x", [3, 4]), [5, 2], h => h.Tanh())),
        new("Embedding", i => Layers.Embedding(i.Indices("ids", [2, 3], 5), 5, 4)),
        new("LayerNorm", i => Layers.LayerNorm(i.Variable("x", [3, 5]))),
        new("RmsNorm", i => Layers.RmsNorm(i.Variable("x", [3, 5]))),
        new("FeedForward", i => Layers.FeedForward(i.Variable("x", [2, 3, 4]), 8)),
        new("CausalSelfAttention", i => Layers.CausalSelfAttention(i.Variable("x", [2, 4, 6]), heads: 2)),
        new("TransformerBlock", i => Layers.TransformerBlock(i.Variable("x", [2, 4, 8]), TinyGpt with { Layers = 1 })),
        new("TinyGpt", i => GptLoss(i, TinyGpt)),
        new("TinyMicroGpt", i => GptLoss(i, TinyMicroGpt)),
        new("MeanSquaredError", i => Model.Return(Losses.MeanSquaredError(i.Variable("p", [3, 4]), i.Variable("t", [3, 4])))),
        new("BinaryCrossEntropyWithLogits", i => Model.Return(Losses.BinaryCrossEntropyWithLogits(
            i.Variable("z", [3, 4]), i.Variable("t", [3, 4], r => r.NextDouble())))),
        new("SoftmaxCrossEntropy", i => Model.Return(Losses.SoftmaxCrossEntropy(i.Variable("logits", [3, 5]), i.Indices("targets", [3], 5)))),
        new("Hinge", i =>
        {
            var labels = i.Constant("labels", [6], r => r.Next(2) == 0 ? -1.0 : 1.0);
            // |y·s − 1| ≥ 0.2 for y = ±1 whenever |s| is in [0, 0.8] or [1.2, 2]: no kink within reach of the differences.
            var scores = i.Variable("scores", [6], r => (r.Next(2) == 0 ? -1 : 1) * (r.Next(2) == 0 ? 0.8 * r.NextDouble() : 1.2 + 0.8 * r.NextDouble()));
            return Model.Return(Losses.Hinge(scores, labels));
        }),
        new("L2", i => Model.Return(Losses.L2([i.Variable("w", [2, 3]), i.Variable("b", [4])]))),
    ];

    /// <summary>The row named <paramref name="name"/> (case-insensitive), or null.</summary>
    public static BlockCase? Find(string name) => All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    // The mean next-token cross-entropy of a batch of 2 sequences of BlockSize tokens.
    private static Model<Expr> GptLoss(BlockInputs i, GptConfig config)
    {
        var tokens = i.Indices("tokens", [2, config.BlockSize], config.VocabSize);
        var targets = i.Indices("targets", [2, config.BlockSize], config.VocabSize);
        return Layers.Gpt(tokens, config).Select(logits => Losses.SoftmaxCrossEntropy(logits, targets));
    }
}
