using Dual.Track;

namespace Track;

/// <summary>
/// Project 6, optimizers as pure functions: a state and a gradient in, a new state out.
/// Read README.md in this folder, then replace each TODO. Check with `dual track check optimizers`.
/// Never change the arrays you are given: make new ones for the new state.
/// </summary>
public sealed class Optimizers : IOptimizers
{
    /// <summary>For each parameter: v = β·v + (1 - β)·g, then p = p - lr·v (with the new v). Return the new state.</summary>
    public MomentumState MomentumStep(MomentumState state, double[] gradient, double learningRate, double beta) =>
        throw new NotWrittenYetException("MomentumStep");   // TODO

    /// <summary>
    /// t = state.Step + 1. For each parameter: m = β₁·m + (1 - β₁)·g; v = β₂·v + (1 - β₂)·g²;
    /// m̂ = m / (1 - β₁ᵗ); v̂ = v / (1 - β₂ᵗ); p = p - lr·m̂ / (√v̂ + ε). Return the new state, with Step = t.
    /// </summary>
    public AdamState AdamStep(AdamState state, double[] gradient, double learningRate, double beta1, double beta2, double epsilon) =>
        throw new NotWrittenYetException("AdamStep");   // TODO
}
