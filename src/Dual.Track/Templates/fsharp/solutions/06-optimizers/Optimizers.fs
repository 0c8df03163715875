namespace Track

open Dual.Track

/// Project 6, optimizers as pure functions: state in, new state out. A reference solution.
type Optimizers() =
    /// v = βv + (1 - β)g, then p = p - lr·v, into new arrays.
    let momentumStep (state: MomentumState) (gradient: float[]) (learningRate: float) (beta: float) : MomentumState =
        let v = Array.map2 (fun v g -> beta * v + (1.0 - beta) * g) state.Velocity gradient
        let p = Array.map2 (fun p v -> p - learningRate * v) state.Parameters v
        MomentumState(p, v)

    /// Adam with bias correction, t = Step + 1, into new arrays.
    let adamStep (state: AdamState) (gradient: float[]) (learningRate: float) (beta1: float) (beta2: float) (epsilon: float) : AdamState =
        let t = state.Step + 1
        let m = Array.map2 (fun m g -> beta1 * m + (1.0 - beta1) * g) state.M gradient
        let v = Array.map2 (fun v g -> beta2 * v + (1.0 - beta2) * g * g) state.V gradient
        let p =
            Array.init state.Parameters.Length (fun i ->
                let mHat = m[i] / (1.0 - beta1 ** float t)
                let vHat = v[i] / (1.0 - beta2 ** float t)
                state.Parameters[i] - learningRate * mHat / (sqrt vHat + epsilon))
        AdamState(p, m, v, t)

    interface IOptimizers with
        member _.MomentumStep(state, gradient, learningRate, beta) = momentumStep state gradient learningRate beta
        member _.AdamStep(state, gradient, learningRate, beta1, beta2, epsilon) =
            adamStep state gradient learningRate beta1 beta2 epsilon
