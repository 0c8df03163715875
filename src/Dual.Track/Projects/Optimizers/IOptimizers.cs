namespace Dual.Track;

/// <summary>
/// Project 6, optimizers as pure functions: a state and a gradient in, a new state out; the given state and gradient
/// stay as they were.
/// </summary>
public interface IOptimizers
{
    /// <summary>Momentum: <c>v ← β·v + (1 − β)·g</c>, then <c>p ← p − lr·v</c> (with the new v).</summary>
    MomentumState MomentumStep(MomentumState state, double[] gradient, double learningRate, double beta);

    /// <summary>
    /// Adam with bias correction, t = Step + 1: <c>m ← β₁m + (1 − β₁)g</c>, <c>v ← β₂v + (1 − β₂)g²</c>,
    /// <c>m̂ = m/(1 − β₁ᵗ)</c>, <c>v̂ = v/(1 − β₂ᵗ)</c>, <c>p ← p − lr·m̂/(√v̂ + ε)</c>; the new Step is t.
    /// </summary>
    AdamState AdamStep(AdamState state, double[] gradient, double learningRate, double beta1, double beta2, double epsilon);
}
