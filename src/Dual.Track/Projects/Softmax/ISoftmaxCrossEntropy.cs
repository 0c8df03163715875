namespace Dual.Track;

/// <summary>
/// Project 8, softmax and cross-entropy on a batch: logits Z [batch, classes], integer labels y [batch] (each in
/// 0 … classes − 1); <c>p = softmax(Z)</c> row by row, <c>loss = mean over the batch of −log p[i, y[i]]</c>, and its
/// backward <c>dZ = (p − onehot(y)) / batch</c>. Everything must stay finite and right for logits of magnitude 1e4.
/// </summary>
public interface ISoftmaxCrossEntropy
{
    /// <summary><c>p[i,j] = exp(Z[i,j]) / Σ_k exp(Z[i,k])</c>, [batch, classes].</summary>
    double[,] Softmax(double[,] logits);

    /// <summary>The mean over the batch of <c>−log p[i, y[i]]</c>.</summary>
    double Loss(double[,] logits, int[] labels);

    /// <summary>∂loss/∂Z = <c>(p − onehot(y)) / batch</c>, [batch, classes].</summary>
    double[,] Backward(double[,] logits, int[] labels);
}
