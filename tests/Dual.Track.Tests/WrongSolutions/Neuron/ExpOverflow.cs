namespace Dual.Track.Tests.WrongSolutions.Neuron;

/// <summary>Wrong at saturation: da_dz = e^-z / (1 + e^-z)^2 is NaN once e^-z overflows (z below about -709).</summary>
public sealed class ExpOverflow : INeuron
{
    public double DlossDa(double a, double y) => 2 * (a - y);

    public double DaDz(double z, double a) => Math.Exp(-z) / Math.Pow(1 + Math.Exp(-z), 2);

    public double DzDw(double w, double x, double b) => x;

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
