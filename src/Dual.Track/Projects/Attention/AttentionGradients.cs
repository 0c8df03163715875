namespace Dual.Track;

/// <summary>The gradients of causal single-head attention's inputs, given the gradient of its output (project 9).</summary>
/// <param name="DX">∂loss/∂x, shape [T, C] (x's shape).</param>
/// <param name="DWq">∂loss/∂Wq, shape [C, d].</param>
/// <param name="DWk">∂loss/∂Wk, shape [C, d].</param>
/// <param name="DWv">∂loss/∂Wv, shape [C, e].</param>
public sealed record AttentionGradients(double[,] DX, double[,] DWq, double[,] DWk, double[,] DWv);
