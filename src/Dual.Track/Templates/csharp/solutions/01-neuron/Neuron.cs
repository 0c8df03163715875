using Dual.Track;

namespace Track;

/// <summary>
/// Project 1, one neuron: z = w*x + b, a = sigmoid(z), loss = (a - y)^2. A reference solution.
/// </summary>
public sealed class Neuron : INeuron
{
    /// <summary>dloss/da for loss = (a - y)^2.</summary>
    public double DlossDa(double a, double y) => 2 * (a - y);

    /// <summary>da/dz for a = sigmoid(z), written from a so that it stays finite when exp(-z) overflows.</summary>
    public double DaDz(double z, double a) => a * (1 - a);

    /// <summary>dz/dw for z = w*x + b.</summary>
    public double DzDw(double w, double x, double b) => x;

    /// <summary>dloss/dw: the forward pass, then the chain rule.</summary>
    public double GradW(double w, double b, double x, double y)
    {
        var z = w * x + b;
        var a = Sigmoid(z);
        return DlossDa(a, y) * DaDz(z, a) * DzDw(w, x, b);
    }

    /// <summary>dloss/db: the same chain; dz/db = 1.</summary>
    public double GradB(double w, double b, double x, double y)
    {
        var z = w * x + b;
        var a = Sigmoid(z);
        return DlossDa(a, y) * DaDz(z, a) * 1.0;
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
}
