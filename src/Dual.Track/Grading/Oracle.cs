namespace Dual.Track.Grading;

/// <summary>
/// The two references every grader compares the learner with: Dual's reverse mode and central finite differences of
/// Dual's own forward evaluation (float64). They must agree with each other first, or the grader itself is wrong.
/// </summary>
internal static class Oracle
{
    /// <summary>Step of the central differences.</summary>
    public const double Step = 1e-6;

    /// <summary>d f / d <paramref name="wrt"/> at <paramref name="env"/>, by reverse mode and by central differences.</summary>
    public static (double Reverse, double Differences) Derivative(Expr f, Env env, string wrt)
    {
        var (_, gradients) = Grad.ValueAndGrad(f, env, wrt);
        var reverse = gradients[wrt].ToScalar();
        var at = env[wrt].ToScalar();
        var plus = Evaluator.Evaluate(f, env.With(wrt, at + Step)).ToScalar();
        var minus = Evaluator.Evaluate(f, env.With(wrt, at - Step)).ToScalar();
        return (reverse, (plus - minus) / (2 * Step));
    }

    /// <summary>Central finite difference of the scalar <paramref name="f"/> with respect to element <paramref name="index"/> (row-major) of <paramref name="wrt"/>.</summary>
    public static double ElementDerivative(Expr f, Env env, string wrt, int index)
    {
        var at = env[wrt];
        var values = at.ToArray();
        var original = values[index];
        values[index] = original + Step;
        var plus = Evaluator.Evaluate(f, env.With(wrt, Tensor.FromArray(at.Shape, values))).ToScalar();
        values[index] = original - Step;
        var minus = Evaluator.Evaluate(f, env.With(wrt, Tensor.FromArray(at.Shape, values))).ToScalar();
        return (plus - minus) / (2 * Step);
    }

    /// <summary>Whether finite differences confirm <paramref name="reverse"/> (loosely: they carry truncation and rounding error).</summary>
    public static bool Agree(double reverse, double differences) =>
        Math.Abs(reverse - differences) <= 1e-5 * (1 + Math.Abs(reverse));

    /// <summary>"0.25 (Dual reverse mode; finite differences 0.2500000001)".</summary>
    public static string Describe(double reverse, double differences) =>
        $"{Numbers.Text(reverse)} (Dual reverse mode; finite differences {differences:G10})";
}
