namespace Dual;

/// <summary>
/// The Taylor remainder test: along a direction v, <c>r(h) = |f(x+hv) − f(x) − h⟨g, v⟩|</c> is
/// O(h²) exactly when g is the gradient, so each halving of h divides it by about 4. No step size
/// has to be tuned; remainders already at rounding level are ignored.
/// </summary>
/// <param name="Steps">The step sizes h, halving each time.</param>
/// <param name="Remainders">r(h) for each step.</param>
/// <param name="Ratios">r(h)/r(h/2) for each pair above rounding level (empty if f is linear along v).</param>
/// <param name="Passed">Whether the ratio at the smallest steps above rounding level is at least 3 (a wrong gradient gives 2).</param>
public sealed record TaylorCheck(double[] Steps, double[] Remainders, double[] Ratios, bool Passed)
{
    /// <summary>One line with the ratios.</summary>
    public override string ToString() => Ratios.Length == 0
        ? "taylor: remainder at rounding level (linear along v) ok"
        : $"taylor: ratios {string.Join(" ", Ratios.Select(r => r.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))} {(Passed ? "ok" : "FAILED")}";
}
