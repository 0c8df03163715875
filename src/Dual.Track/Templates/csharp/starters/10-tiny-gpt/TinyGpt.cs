using Dual.Track;

namespace Track;

/// <summary>
/// Project 10, a tiny GPT you backpropagate yourself: the backward passes of microgpt's pieces. The grader runs the
/// forward pass, the residual sums, the lm-head, the embeddings and Adam; your pieces give every gradient.
/// Read README.md in this folder, then replace each TODO. Check with `dual track check tiny-gpt`.
/// </summary>
public sealed class TinyGpt : ITinyGpt
{
    /// <summary>y = x / √(mean(x²) + eps) per row; with r = 1/√(mean(x²) + eps): dx = r·dy − r³·x·(Σ_c dy·x)/C.</summary>
    public double[,] RmsNormBackward(double[,] x, double[,] dy, double eps) =>
        throw new NotWrittenYetException("RmsNormBackward");   // TODO

    /// <summary>
    /// Forward first (keep each head's P and the heads' outputs side by side, "merged" [T, C]); then dWo = mergedᵀ·dy,
    /// d(merged) = dy·Woᵀ, and each head's columns of d(merged) through project 9's backward (scale 1/√D, D = C/heads):
    /// its dq, dk, dv fill that head's columns of dWq, dWk, dWv, and every head adds into dX.
    /// </summary>
    public MultiHeadGradients AttentionBackward(double[,] x, double[,] wq, double[,] wk, double[,] wv, double[,] wo, int heads, double[,] dy) =>
        throw new NotWrittenYetException("AttentionBackward");   // TODO

    /// <summary>h = x·W1, a = relu(h), y = a·W2: dW2 = aᵀ·dy, dh = (dy·W2ᵀ) ⊙ [h > 0], dW1 = xᵀ·dh, dX = dh·W1ᵀ.</summary>
    public MlpGradients MlpBackward(double[,] x, double[,] w1, double[,] w2, double[,] dy) =>
        throw new NotWrittenYetException("MlpBackward");   // TODO

    /// <summary>dLogits[t] = (softmax(logits[t]) − one-hot(targets[t])) / T.</summary>
    public double[,] CrossEntropyBackward(double[,] logits, int[] targets) =>
        throw new NotWrittenYetException("CrossEntropyBackward");   // TODO
}
