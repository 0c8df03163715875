namespace Dual.Track;

/// <summary>
/// Project 5, activations and vanishing gradients: the derivatives of four activations, then the size of each layer's
/// weight gradient in a deep network, which shows why deep sigmoid networks barely learn in their first layers.
/// </summary>
public interface IActivations
{
    /// <summary>sigmoid′(z) = s(1 − s) with s = sigmoid(z).</summary>
    double SigmoidDerivative(double z);

    /// <summary>tanh′(z) = 1 − tanh(z)².</summary>
    double TanhDerivative(double z);

    /// <summary>relu′(z) = 1 for z &gt; 0, else 0 (at the kink z = 0 it is taken as 0).</summary>
    double ReluDerivative(double z);

    /// <summary>gelu′(z) for the tanh approximation gelu(z) = ½z(1 + tanh(u)), u = √(2/π)(z + 0.044715z³).</summary>
    double GeluDerivative(double z);

    /// <summary>
    /// The norm √(Σ dW²) of every layer's weight gradient, first layer first, for the network of project 4 with
    /// <paramref name="activation"/> in place of tanh (after every layer but the last) and loss = mean((output − y)²).
    /// </summary>
    double[] GradientNorms(double[,] x, double[,] y, IReadOnlyList<DenseParameters> layers, Activation activation);
}
