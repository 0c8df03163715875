namespace Dual.Track.Projects;

/// <summary>
/// The grader's own momentum and Adam, one parameter at a time in plain arithmetic (not the learner's API), and the
/// variants learners write by mistake. A point is one parameter's inputs: momentum (p, v, g, lr, β), Adam
/// (p, m, v, g, lr, β₁, β₂, ε, step).
/// </summary>
internal static class UpdateRules
{
    public static double MomentumVelocity(double[] x) => x[4] * x[1] + (1 - x[4]) * x[2];

    public static double MomentumParameter(double[] x) => x[0] - x[3] * MomentumVelocity(x);

    public static double AdamM(double[] x) => x[5] * x[1] + (1 - x[5]) * x[3];

    public static double AdamV(double[] x) => x[6] * x[2] + (1 - x[6]) * x[3] * x[3];

    /// <summary>Adam's new parameter; <paramref name="correctM"/>, <paramref name="correctV"/> and <paramref name="tOffset"/> (t = step + offset) make the mistakes.</summary>
    public static double AdamParameter(double[] x, bool correctM = true, bool correctV = true, int tOffset = 1, double sign = 1, bool epsilonInside = false, bool oldMoments = false)
    {
        var t = x[8] + tOffset;
        var (m, v) = oldMoments ? (x[1], x[2]) : (AdamM(x), AdamV(x));
        var mHat = correctM ? m / (1 - Math.Pow(x[5], t)) : m;
        var vHat = correctV ? v / (1 - Math.Pow(x[6], t)) : v;
        var denominator = epsilonInside ? Math.Sqrt(vHat + x[7]) : Math.Sqrt(vHat) + x[7];
        return x[0] - sign * x[4] * mHat / denominator;
    }
}
