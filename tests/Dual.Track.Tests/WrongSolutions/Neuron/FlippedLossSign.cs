namespace Dual.Track.Tests.WrongSolutions.Neuron;

/// <summary>Wrong: dloss_da = 2(y - a), the sign flipped.</summary>
public sealed class FlippedLossSign : INeuron
{
    public double DlossDa(double a, double y) => 2 * (y - a);

    public double DaDz(double z, double a) => a * (1 - a);

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
