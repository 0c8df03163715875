namespace Dual.Track.Tests.WrongSolutions.GradientDescent;

/// <summary>Wrong: updates the caller's array in place and returns it.</summary>
public sealed class MutatesInput : IGradientDescent
{
    public double[] Step(double[] parameters, double[] gradient, double learningRate)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] -= learningRate * gradient[i];
        }

        return parameters;
    }

    public double[] Train(Func<double[], LossAndGradient> lossAndGradient, double[] start, double learningRate, int steps)
    {
        var p = start;
        var losses = new List<double>();
        for (var k = 0; k < steps; k++)
        {
            var (loss, gradient) = lossAndGradient(p);
            losses.Add(loss);
            p = Step(p, gradient, learningRate);
        }

        return [.. losses];
    }
}
