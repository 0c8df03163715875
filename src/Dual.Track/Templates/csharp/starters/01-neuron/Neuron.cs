using Dual.Track;

namespace Track;

/// <summary>
/// Project 1, one neuron: z = w*x + b, a = sigmoid(z), loss = (a - y)^2.
/// Read README.md in this folder, then replace each TODO. Check with `dual track check neuron`.
/// </summary>
public sealed class Neuron : INeuron
{
    /// <summary>dloss/da for loss = (a - y)^2.</summary>
    public double DlossDa(double a, double y) => throw new NotWrittenYetException("DlossDa");   // TODO

    /// <summary>da/dz for a = sigmoid(z). You are given a = sigmoid(z) too.</summary>
    public double DaDz(double z, double a) => throw new NotWrittenYetException("DaDz");   // TODO

    /// <summary>dz/dw for z = w*x + b.</summary>
    public double DzDw(double w, double x, double b) => throw new NotWrittenYetException("DzDw");   // TODO

    /// <summary>dloss/dw: compute z, a (the forward pass), then multiply the factors above.</summary>
    public double GradW(double w, double b, double x, double y) => throw new NotWrittenYetException("GradW");   // TODO

    /// <summary>dloss/db: the same chain, with dz/db instead of dz/dw.</summary>
    public double GradB(double w, double b, double x, double y) => throw new NotWrittenYetException("GradB");   // TODO
}
