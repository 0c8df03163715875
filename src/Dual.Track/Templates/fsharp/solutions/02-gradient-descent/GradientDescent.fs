namespace Track

open Dual.Track

/// Project 2, gradient descent: p <- p - lr * g, repeated. A reference solution.
type GradientDescent() =
    /// One update: a new array p - lr * g.
    let step (parameters: float[]) (gradient: float[]) (learningRate: float) : float[] =
        Array.map2 (fun p g -> p - learningRate * g) parameters gradient

    /// `steps` updates from `start`; the loss before each.
    let train (lossAndGradient: float[] -> LossAndGradient) (start: float[]) (learningRate: float) (steps: int) : float[] =
        let losses = Array.zeroCreate steps
        let mutable parameters = start
        for k in 0 .. steps - 1 do
            let current = lossAndGradient parameters
            losses[k] <- current.Loss
            parameters <- step parameters current.Gradient learningRate
        losses

    interface IGradientDescent with
        member _.Step(parameters, gradient, learningRate) = step parameters gradient learningRate
        member _.Train(lossAndGradient, start, learningRate, steps) = train lossAndGradient.Invoke start learningRate steps
