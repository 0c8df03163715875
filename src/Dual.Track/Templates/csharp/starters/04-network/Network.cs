using Dual.Track;

namespace Track;

/// <summary>
/// Project 4, a network: dense layers with tanh between them, loss = mean((output - y)^2).
/// Read README.md in this folder, then replace each TODO. Check with `dual track check network`.
/// Reuse your DenseLayer from project 3: the network's backward pass is the layers' backward passes, composed.
/// </summary>
public sealed class Network : INetwork
{
    /// <summary>h = x; for each layer z = h·W + b, then h = tanh(z) except after the last layer. Returns the last h.</summary>
    public double[,] Forward(double[,] x, IReadOnlyList<DenseParameters> layers) =>
        throw new NotWrittenYetException("Forward");   // TODO

    /// <summary>
    /// Forward (keep every layer's input and output), then backwards: dOutput = 2(output - y) / (number of elements);
    /// for each layer from the last: its DenseGradients from dz; then dz for the layer before = dX ⊙ (1 - h²).
    /// Return the gradients in the layers' order.
    /// </summary>
    public IReadOnlyList<DenseGradients> Backward(double[,] x, double[,] y, IReadOnlyList<DenseParameters> layers) =>
        throw new NotWrittenYetException("Backward");   // TODO
}
