using Dual.Track;

namespace Track;

/// <summary>
/// Project 2, gradient descent: p <- p - lr * g, repeated.
/// Read README.md in this folder, then replace each TODO. Check with `dual track check gradient-descent`.
/// </summary>
public sealed class GradientDescent : IGradientDescent
{
    /// <summary>One update: a new array p - lr * g. Do not change the arrays you are given.</summary>
    public double[] Step(double[] parameters, double[] gradient, double learningRate) =>
        throw new NotWrittenYetException("Step");   // TODO

    /// <summary>
    /// `steps` updates from `start`: before each, get (loss, gradient) = lossAndGradient(p), keep the loss,
    /// then p = Step(p, gradient, learningRate). Return the losses.
    /// </summary>
    public double[] Train(Func<double[], LossAndGradient> lossAndGradient, double[] start, double learningRate, int steps) =>
        throw new NotWrittenYetException("Train");   // TODO
}
