namespace Dual.Track;

/// <summary>
/// Project 9, causal single-head attention over a sequence x [T, C]: <c>q = x·Wq</c>, <c>k = x·Wk</c> (Wq, Wk
/// [C, d]), <c>v = x·Wv</c> (Wv [C, e]); scores <c>S = q·kᵀ/√d</c> [T, T]; the causal mask (position i sees keys
/// j ≤ i only); <c>P = softmax</c> of each row over the allowed keys; <c>out = P·v</c> [T, e].
/// </summary>
public interface IAttention
{
    /// <summary>out = softmax(mask(q·kᵀ/√d))·v, shape [T, e].</summary>
    double[,] Forward(double[,] x, double[,] wq, double[,] wk, double[,] wv);

    /// <summary>The gradients of x, Wq, Wk and Wv, given <paramref name="dOut"/> = ∂loss/∂out [T, e].</summary>
    AttentionGradients Backward(double[,] x, double[,] wq, double[,] wk, double[,] wv, double[,] dOut);
}
