namespace Dual;

/// <summary>How to evaluate a graph.</summary>
public sealed record EvaluationOptions
{
    /// <summary>The defaults: unchecked, NaN and infinity propagate as IEEE arithmetic says.</summary>
    public static EvaluationOptions Default { get; } = new();

    /// <summary>Checked: throw <see cref="NonFiniteException"/> naming the first primitive or binding with a non-finite value.</summary>
    public static EvaluationOptions Checked { get; } = new() { CheckFinite = true };

    /// <summary>Whether to stop at the first non-finite value.</summary>
    public bool CheckFinite { get; init; }
}
