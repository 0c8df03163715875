namespace Dual;

/// <summary>
/// Where a check case draws an input's values: inside the op's domain and away from its kinks,
/// so central differences are meaningful.
/// </summary>
public enum Domain
{
    /// <summary>Uniform in [−2, 2].</summary>
    Any,
    /// <summary>Uniform in [0.2, 2]: for log, sqrt, divisors and fractional powers.</summary>
    Positive,
    /// <summary>|x| in [0.2, 2] with a random sign: for relu, abs and other kinks at 0.</summary>
    AwayFromZero,
    /// <summary>
    /// Distinct values at least 0.05 apart across all such inputs of a case: no ties for max,
    /// maximum, minimum or comparisons.
    /// </summary>
    Distinct,
    /// <summary>0 or 1: a mask for where. Never differentiated.</summary>
    Mask,
    /// <summary>Integers in [0, bound): indices for gather. Never differentiated.</summary>
    Index,
}
