namespace Dual;

/// <summary>
/// Tolerances and sizes for <see cref="GradCheck"/>. An element passes when
/// <c>|analytic − numeric| ≤ AbsoluteTolerance + RelativeTolerance·|numeric|</c>; the float64
/// defaults (atol 1e-5, rtol 1e-3) are those of PyTorch's gradcheck.
/// </summary>
public sealed record GradCheckOptions
{
    /// <summary>The defaults.</summary>
    public static GradCheckOptions Default { get; } = new();

    /// <summary>Absolute tolerance against finite differences (default 1e-5).</summary>
    public double AbsoluteTolerance { get; init; } = 1e-5;

    /// <summary>Relative tolerance against finite differences (default 1e-3).</summary>
    public double RelativeTolerance { get; init; } = 1e-3;

    /// <summary>
    /// Central-difference step relative to the value's magnitude: an element x moves by
    /// <c>StepScale·max(1, |x|)</c> (default 1e-6, near the float64 optimum for central differences).
    /// </summary>
    public double StepScale { get; init; } = 1e-6;

    /// <summary>Variables with at most this many elements are checked element by element; larger ones along random directions (default 64).</summary>
    public int PerElementLimit { get; init; } = 64;

    /// <summary>How many random directions a large variable is checked along (default 3).</summary>
    public int Directions { get; init; } = 3;

    /// <summary>Tolerance of the forward-vs-reverse identity <c>⟨Jv, u⟩ = ⟨v, Jᵀu⟩</c>, relative to the larger side (default 1e-9).</summary>
    public double ForwardReverseTolerance { get; init; } = 1e-9;

    /// <summary>Whether to run the step-size-free Taylor remainder test (default true).</summary>
    public bool Taylor { get; init; } = true;

    /// <summary>
    /// For ops whose derivative is zero by definition rather than by calculus (stop-gradient):
    /// skip finite differences and require the reverse-mode gradient to be exactly zero.
    /// </summary>
    public bool ExpectZeroGradient { get; init; }

    /// <summary>
    /// The names of the variables to check (default null: every variable the function is differentiable in). Data that has
    /// no derivative (token ids, class targets, masks) is never perturbed, and naming it is an error.
    /// </summary>
    public IReadOnlyList<string>? Variables { get; init; }

    /// <summary>Seed of the random cotangent and directions (default 0).</summary>
    public int Seed { get; init; }
}
