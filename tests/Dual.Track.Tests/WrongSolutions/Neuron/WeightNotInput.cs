namespace Dual.Track.Tests.WrongSolutions.Neuron;

/// <summary>Wrong: dz_dw = w (the weight) instead of x (what the weight multiplies).</summary>
public sealed class WeightNotInput : INeuron
{
    public double DlossDa(double a, double y) => 2 * (a - y);

    public double DaDz(double z, double a) => a * (1 - a);

    public double DzDw(double w, double x, double b) => w;

    public double GradW(double w, double b, double x, double y)
    {
        var z = w * x + b;
        var a = 1 / (1 + Math.Exp(-z));
        return DlossDa(a, y) * DaDz(z, a) * DzDw(w, x, b);
    }

    public double GradB(double w, double b, double x, double y)
    {
        var z = w * x + b;
        var a = 1 / (1 + Math.Exp(-z));
        return DlossDa(a, y) * DaDz(z, a);
    }
}
