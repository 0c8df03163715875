namespace Dual.Track;

/// <summary>The gradients of a dense layer's inputs, given the gradient of its output (project 3).</summary>
/// <param name="DX">∂loss/∂X, shape [batch, in] (X's shape).</param>
/// <param name="DW">∂loss/∂W, shape [in, out] (W's shape).</param>
/// <param name="DB">∂loss/∂b, shape [out] (b's shape).</param>
public sealed record DenseGradients(double[,] DX, double[,] DW, double[] DB);
