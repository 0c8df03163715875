namespace Track

open Dual.Track

/// Project 2, gradient descent: p <- p - lr * g, repeated.
/// Read README.md in this folder, then replace each TODO. Check with `dual track check gradient-descent`.
/// The grader calls the members of IGradientDescent at the bottom; they call your functions.
type GradientDescent() =
    /// One update: a new array p - lr * g. Do not change the arrays you are given.
    let step (parameters: float[]) (gradient: float[]) (learningRate: float) : float[] =
        raise (NotWrittenYetException "Step")   // TODO

    /// `steps` updates from `start`: before each, get the loss and gradient from lossAndGradient p
    /// (fields .Loss and .Gradient), keep the loss, then p = step p gradient learningRate. Return the losses.
    let train (lossAndGradient: float[] -> LossAndGradient) (start: float[]) (learningRate: float) (steps: int) : float[] =
        raise (NotWrittenYetException "Train")   // TODO

    interface IGradientDescent with
        member _.Step(parameters, gradient, learningRate) = step parameters gradient learningRate
        member _.Train(lossAndGradient, start, learningRate, steps) = train lossAndGradient.Invoke start learningRate steps
