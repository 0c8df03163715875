namespace Track

open Dual.Track

/// Project 6, optimizers as pure functions: a state and a gradient in, a new state out.
/// Read README.md in this folder, then replace each TODO. Check with `dual track check optimizers`.
/// Never change the arrays you are given: make new ones for the new state (Array.map2 and Array.init do).
/// The grader calls the members of IOptimizers at the bottom; they call your functions.
type Optimizers() =
    /// For each parameter: v = β·v + (1 - β)·g, then p = p - lr·v (with the new v).
    /// Return MomentumState(newParameters, newVelocity).
    let momentumStep (state: MomentumState) (gradient: float[]) (learningRate: float) (beta: float) : MomentumState =
        raise (NotWrittenYetException "MomentumStep")   // TODO

    /// t = state.Step + 1. For each parameter: m = β₁·m + (1 - β₁)·g; v = β₂·v + (1 - β₂)·g²;
    /// m̂ = m / (1 - β₁ᵗ); v̂ = v / (1 - β₂ᵗ); p = p - lr·m̂ / (√v̂ + ε). Return AdamState(p, m, v, t).
    let adamStep (state: AdamState) (gradient: float[]) (learningRate: float) (beta1: float) (beta2: float) (epsilon: float) : AdamState =
        raise (NotWrittenYetException "AdamStep")   // TODO

    interface IOptimizers with
        member _.MomentumStep(state, gradient, learningRate, beta) = momentumStep state gradient learningRate beta
        member _.AdamStep(state, gradient, learningRate, beta1, beta2, epsilon) =
            adamStep state gradient learningRate beta1 beta2 epsilon
