using Dual.Track;

namespace Track;

/// <summary>
/// Project 2, gradient descent: p <- p - lr * g, repeated. A reference solution.
/// </summary>
public sealed class GradientDescent : IGradientDescent
{
    /// <summary>One update: a new array p - lr * g.</summary>
    public double[] Step(double[] parameters, double[] gradient, double learningRate)
    {
        var next = new double[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            next[i] = parameters[i] - learningRate * gradient[i];
        }

        return next;
    }

    /// <summary>`steps` updates from `start`; the loss before each.</summary>
    public double[] Train(Func<double[], LossAndGradient> lossAndGradient, double[] start, double learningRate, int steps)
    {
        var parameters = start;
        var losses = new double[steps];
        for (var k = 0; k < steps; k++)
        {
            var (loss, gradient) = lossAndGradient(parameters);
            losses[k] = loss;
            parameters = Step(parameters, gradient, learningRate);
        }

        return losses;
    }
}
