namespace Dual.Track.Tests.WrongSolutions.Neuron;

/// <summary>Wrong: grad_b copied from grad_w, still multiplied by x (dz/db is 1).</summary>
public sealed class BiasTimesX : INeuron
{
    public double DlossDa(double a, double y) => 2 * (a - y);

    public double DaDz(double z, double a) => a * (1 - a);

    public double DzDw(double w, double x, double b) => x;

    public double GradW(double w, double b, double x, double y)
    {
        var z = w * x + b;
        var a = 1 / (1 + Math.Exp(-z));
        return DlossDa(a, y) * DaDz(z, a) * DzDw(w, x, b);
    }

    public double GradB(double w, double b, double x, double y) => GradW(w, b, x, y);
}
