namespace Dual.Track;

/// <summary>
/// Project 4, a network: an MLP of dense layers, <c>tanh</c> after every layer but the last, and the loss
/// <c>mean((output − Y)²)</c> over every element; its backward pass composes the layers' backward passes.
/// </summary>
public interface INetwork
{
    /// <summary>The network's output [batch, out]: h = X; for each layer z = h·W + b; h = tanh(z) except after the last.</summary>
    double[,] Forward(double[,] x, IReadOnlyList<DenseParameters> layers);

    /// <summary>
    /// The gradients of <c>loss = mean((output − y)²)</c> for every layer, first layer first (each layer's DX, DW, DB;
    /// only DW and DB are graded).
    /// </summary>
    IReadOnlyList<DenseGradients> Backward(double[,] x, double[,] y, IReadOnlyList<DenseParameters> layers);
}
