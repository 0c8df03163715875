namespace Dual.Track;

/// <summary>
/// Project 1, one neuron: <c>z = w·x + b</c>, <c>a = sigmoid(z)</c>, <c>loss = (a − y)²</c>. The learner writes each
/// factor of the chain rule, then the two gradients as their products.
/// </summary>
public interface INeuron
{
    /// <summary>∂loss/∂a for <c>loss = (a − y)²</c>.</summary>
    double DlossDa(double a, double y);

    /// <summary>∂a/∂z for <c>a = sigmoid(z)</c>; <paramref name="a"/> is <c>sigmoid(z)</c>, already computed.</summary>
    double DaDz(double z, double a);

    /// <summary>∂z/∂w for <c>z = w·x + b</c>.</summary>
    double DzDw(double w, double x, double b);

    /// <summary>∂loss/∂w: forward pass, then the chain rule.</summary>
    double GradW(double w, double b, double x, double y);

    /// <summary>∂loss/∂b: forward pass, then the chain rule.</summary>
    double GradB(double w, double b, double x, double y);
}
