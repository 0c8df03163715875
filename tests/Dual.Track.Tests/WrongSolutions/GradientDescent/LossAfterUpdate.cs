namespace Dual.Track.Tests.WrongSolutions.GradientDescent;

/// <summary>Wrong: records the loss after each update instead of before.</summary>
public sealed class LossAfterUpdate : IGradientDescent
{
    public double[] Step(double[] parameters, double[] gradient, double learningRate)
    {
        var next = new double[parameters.Length];
        for (var i = 0; i < next.Length; i++)
        {
            next[i] = parameters[i] - learningRate * gradient[i];
        }

        return next;
    }

    public double[] Train(Func<double[], LossAndGradient> lossAndGradient, double[] start, double learningRate, int steps)
    {
        var p = start;
        var losses = new List<double>();
        for (var k = 0; k < steps; k++)
        {
            var gradient = lossAndGradient(p).Gradient;
            p = Step(p, gradient, learningRate);
            losses.Add(lossAndGradient(p).Loss);
        }

        return [.. losses];
    }
}
