namespace Dual.Track.Projects;

/// <summary>The float64 references of project 7's functions, accurate for every finite input (no overflow, no cancellation).</summary>
internal static class Functions
{
    public static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    /// <summary>ln(1 + eˣ) = max(x, 0) + ln(1 + e^−|x|): the exponent is never positive.</summary>
    public static double Softplus(double x) => Math.Max(x, 0) + LogOnePlus(Math.Exp(-Math.Abs(x)));

    public static double Swish(double x) => x * Sigmoid(x);

    public static double Hypot(double a, double b) => Math.Sqrt(a * a + b * b);

    /// <summary>ln(1 + u) without losing u's digits when u is tiny (Goldberg's correction of the rounded 1 + u).</summary>
    public static double LogOnePlus(double u)
    {
        var w = 1 + u;
        return w == 1 ? u : Math.Log(w) * u / (w - 1);
    }
}
