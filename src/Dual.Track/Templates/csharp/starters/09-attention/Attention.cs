using Dual.Track;

namespace Track;

/// <summary>
/// Project 9, causal single-head attention: q = x·Wq, k = x·Wk, v = x·Wv; S = q·kᵀ/√d; P = softmax of each row i over
/// the keys j ≤ i (P[i,j] = 0 for j > i); out = P·v. x [T, C], Wq and Wk [C, d], Wv [C, e], out [T, e].
/// Read README.md in this folder, then replace each TODO. Check with `dual track check attention`.
/// </summary>
public sealed class Attention : IAttention
{
    /// <summary>out = P·v. Subtract each row's largest allowed score before exp, as in project 8.</summary>
    public double[,] Forward(double[,] x, double[,] wq, double[,] wk, double[,] wv) =>
        throw new NotWrittenYetException("Forward");   // TODO

    /// <summary>
    /// Recompute q, k, v and P (with the mask), then backwards: dP = dOut·vᵀ and dv = Pᵀ·dOut;
    /// dS[i,j] = P[i,j]·(dP[i,j] − Σ_l dP[i,l]·P[i,l]); dq = dS·k/√d and dk = dSᵀ·q/√d;
    /// dX = dq·Wqᵀ + dk·Wkᵀ + dv·Wvᵀ, dWq = xᵀ·dq, dWk = xᵀ·dk, dWv = xᵀ·dv.
    /// </summary>
    public AttentionGradients Backward(double[,] x, double[,] wq, double[,] wk, double[,] wv, double[,] dOut) =>
        throw new NotWrittenYetException("Backward");   // TODO
}
