namespace Dual.Track;

/// <summary>The gradients of multi-head causal self-attention's inputs (project 10), each of its input's shape.</summary>
/// <param name="DX">∂loss/∂x [T, C].</param>
/// <param name="DWq">∂loss/∂Wq [C, C].</param>
/// <param name="DWk">∂loss/∂Wk [C, C].</param>
/// <param name="DWv">∂loss/∂Wv [C, C].</param>
/// <param name="DWo">∂loss/∂Wo [C, C].</param>
public sealed record MultiHeadGradients(double[,] DX, double[,] DWq, double[,] DWk, double[,] DWv, double[,] DWo);
