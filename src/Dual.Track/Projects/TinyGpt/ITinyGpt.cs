namespace Dual.Track;

/// <summary>
/// Project 10, a tiny GPT you backpropagate yourself: the backward passes of microgpt's pieces. The grader runs the
/// forward pass and the plumbing (embeddings, residual sums, the lm-head, the optimizer) and calls these to get every
/// gradient of a training step, then trains microgpt on names with them.
/// </summary>
public interface ITinyGpt
{
    /// <summary>dX of RMSNorm without gain, row by row: y = x / √(mean(x²) + eps), x and dy [T, C].</summary>
    double[,] RmsNormBackward(double[,] x, double[,] dy, double eps);

    /// <summary>
    /// The gradients of causal multi-head self-attention without biases, x [T, C], Wq, Wk, Wv, Wo [C, C]: q = x·Wq,
    /// k = x·Wk, v = x·Wv split into <paramref name="heads"/> heads of D = C / heads columns (head h has columns
    /// h·D … h·D + D − 1); per head softmax(mask(q_h·k_hᵀ/√D))·v_h as in project 9; the heads side by side [T, C];
    /// then y = that·Wo. Given dy [T, C].
    /// </summary>
    MultiHeadGradients AttentionBackward(double[,] x, double[,] wq, double[,] wk, double[,] wv, double[,] wo, int heads, double[,] dy);

    /// <summary>The gradients of the MLP y = relu(x·W1)·W2 (x [T, C], W1 [C, H], W2 [H, C], relu′(0) = 0), given dy [T, C].</summary>
    MlpGradients MlpBackward(double[,] x, double[,] w1, double[,] w2, double[,] dy);

    /// <summary>dLogits [T, V] of loss = mean over positions t of −log softmax(logits[t])[targets[t]].</summary>
    double[,] CrossEntropyBackward(double[,] logits, int[] targets);
}
