namespace Dual.Track.Tests.WrongSolutions.Neuron;

/// <summary>Half written: the factors are right, the two gradients are still TODOs.</summary>
public sealed class Unwritten : INeuron
{
    public double DlossDa(double a, double y) => 2 * (a - y);

    public double DaDz(double z, double a) => a * (1 - a);

    public double DzDw(double w, double x, double b) => x;

    public double GradW(double w, double b, double x, double y) => throw new NotWrittenYetException("GradW");

    public double GradB(double w, double b, double x, double y) => throw new NotWrittenYetException("GradB");
}
