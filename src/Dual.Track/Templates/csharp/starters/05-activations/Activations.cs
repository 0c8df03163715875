using Dual.Track;

namespace Track;

/// <summary>
/// Project 5, activations and vanishing gradients.
/// Read README.md in this folder, then replace each TODO. Check with `dual track check activations`.
/// For GradientNorms, reuse your DenseLayer from project 3 and the loop of your Network from project 4.
/// </summary>
public sealed class Activations : IActivations
{
    /// <summary>sigmoid'(z) = s(1 - s), with s = sigmoid(z) = 1 / (1 + exp(-z)).</summary>
    public double SigmoidDerivative(double z) =>
        throw new NotWrittenYetException("SigmoidDerivative");   // TODO

    /// <summary>tanh'(z) = 1 - tanh(z)².</summary>
    public double TanhDerivative(double z) =>
        throw new NotWrittenYetException("TanhDerivative");   // TODO

    /// <summary>relu'(z) = 1 for z &gt; 0, else 0 (take 0 at the kink z = 0).</summary>
    public double ReluDerivative(double z) =>
        throw new NotWrittenYetException("ReluDerivative");   // TODO

    /// <summary>
    /// gelu(z) = ½z(1 + tanh(u)), u = √(2/π)(z + 0.044715z³) (the tanh approximation). Its derivative needs the product
    /// rule (z times a function of z) and the chain rule inside tanh.
    /// </summary>
    public double GeluDerivative(double z) =>
        throw new NotWrittenYetException("GeluDerivative");   // TODO

    /// <summary>
    /// Project 4's network with `activation` in place of tanh (after every layer but the last), loss = mean((output - y)²).
    /// Forward (keep each layer's input h and its z), then backwards as in project 4, but dz = dX ⊙ activation'(z) of the
    /// layer before. Return √(Σ dW²) for every layer, first layer first.
    /// </summary>
    public double[] GradientNorms(double[,] x, double[,] y, IReadOnlyList<DenseParameters> layers, Activation activation) =>
        throw new NotWrittenYetException("GradientNorms");   // TODO
}
