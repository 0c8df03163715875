namespace Dual.Track.Tests.WrongSolutions.Neuron;

/// <summary>Wrong: dz_dw throws for negative inputs (a guard the learner left in).</summary>
public sealed class Throws : INeuron
{
    public double DlossDa(double a, double y) => 2 * (a - y);

    public double DaDz(double z, double a) => a * (1 - a);

    public double DzDw(double w, double x, double b) => x >= 0 ? x : throw new InvalidOperationException("negative x");

    public double GradW(double w, double b, double x, double y)
    {
        var z = w * x + b;
        var a = 1 / (1 + Math.Exp(-z));
        return DlossDa(a, y) * DaDz(z, a) * x;
    }

    public double GradB(double w, double b, double x, double y)
    {
        var z = w * x + b;
        var a = 1 / (1 + Math.Exp(-z));
        return DlossDa(a, y) * DaDz(z, a);
    }
}
