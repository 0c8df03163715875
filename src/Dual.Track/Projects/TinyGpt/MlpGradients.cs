namespace Dual.Track;

/// <summary>The gradients of the MLP y = relu(x·W1)·W2 (project 10), each of its input's shape.</summary>
/// <param name="DX">∂loss/∂x [T, C].</param>
/// <param name="DW1">∂loss/∂W1 [C, H].</param>
/// <param name="DW2">∂loss/∂W2 [H, C].</param>
public sealed record MlpGradients(double[,] DX, double[,] DW1, double[,] DW2);
