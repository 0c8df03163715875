namespace Dual.Track.Tests.WrongSolutions.GradientDescent;

/// <summary>Wrong: p + lr*g, climbing the loss.</summary>
public sealed class SignFlipped : IGradientDescent
{
    public double[] Step(double[] parameters, double[] gradient, double learningRate)
    {
        var next = new double[parameters.Length];
        for (var i = 0; i < next.Length; i++)
        {
            next[i] = parameters[i] + learningRate * gradient[i];
        }

        return next;
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
