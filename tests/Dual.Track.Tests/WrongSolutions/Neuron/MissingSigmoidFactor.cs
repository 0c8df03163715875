namespace Dual.Track.Tests.WrongSolutions.Neuron;

/// <summary>Wrong: every factor is right, but grad_w and grad_b skip the sigmoid's derivative in the product.</summary>
public sealed class MissingSigmoidFactor : INeuron
{
    public double DlossDa(double a, double y) => 2 * (a - y);

    public double DaDz(double z, double a) => a * (1 - a);

    public double DzDw(double w, double x, double b) => x;

    public double GradW(double w, double b, double x, double y)
    {
        var a = 1 / (1 + Math.Exp(-(w * x + b)));
        return DlossDa(a, y) * DzDw(w, x, b);
    }

    public double GradB(double w, double b, double x, double y)
    {
        var a = 1 / (1 + Math.Exp(-(w * x + b)));
        return DlossDa(a, y);
    }
}
