namespace Dual;

/// <summary>
/// The finite-difference comparison for one variable, localised to its worst element (or
/// direction): which one, the analytic and numeric values there, and the largest errors.
/// </summary>
/// <param name="Name">The variable.</param>
/// <param name="Shape">Its shape.</param>
/// <param name="PerElement">True if every element was checked; false if random directions were.</param>
/// <param name="WorstIndex">The flat index of the worst element, or the number of the worst direction.</param>
/// <param name="Analytic">Reverse mode's derivative at the worst element (or ⟨g, v⟩ along the worst direction).</param>
/// <param name="Numeric">The central difference there.</param>
/// <param name="MaxAbsError">The largest |analytic − numeric|.</param>
/// <param name="MaxRelError">The largest |analytic − numeric| / max(|numeric|, atol).</param>
/// <param name="Passed">Whether every element was within tolerance.</param>
public sealed record VariableCheck(string Name, Shape Shape, bool PerElement, int WorstIndex, double Analytic, double Numeric,
    double MaxAbsError, double MaxRelError, bool Passed)
{
    /// <summary>One line: name, where, analytic vs numeric, errors, verdict.</summary>
    public override string ToString() =>
        $"{Name}{Shape} {(PerElement ? $"element {WorstIndex}" : $"direction {WorstIndex}")}: analytic {Analytic:R} numeric {Numeric:R} " +
        $"abs err {MaxAbsError:E2} rel err {MaxRelError:E2} {(Passed ? "ok" : "FAILED")}";
}
