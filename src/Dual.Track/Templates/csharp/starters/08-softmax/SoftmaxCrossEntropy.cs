using Dual.Track;

namespace Track;

/// <summary>
/// Project 8, softmax and cross-entropy on a batch: logits Z [batch, classes], labels y [batch] (0 … classes − 1).
/// Read README.md in this folder, then replace each TODO. Check with `dual track check softmax`.
/// </summary>
public sealed class SoftmaxCrossEntropy : ISoftmaxCrossEntropy
{
    /// <summary>p[i,j] = exp(Z[i,j] − m_i) / Σ_k exp(Z[i,k] − m_i), with m_i the row's maximum (so exp never overflows).</summary>
    public double[,] Softmax(double[,] logits) => throw new NotWrittenYetException("Softmax");   // TODO

    /// <summary>The mean over the batch of −log p[i, y[i]], with log p computed as (Z[i,y] − m_i) − log Σ_k exp(Z[i,k] − m_i).</summary>
    public double Loss(double[,] logits, int[] labels) => throw new NotWrittenYetException("Loss");   // TODO

    /// <summary>dloss/dZ = (p − onehot(y)) / batch.</summary>
    public double[,] Backward(double[,] logits, int[] labels) => throw new NotWrittenYetException("Backward");   // TODO
}
