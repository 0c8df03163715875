namespace Dual.Track.Tests.WrongSolutions.GradientDescent;

/// <summary>Wrong: also records the loss after the last update (steps + 1 losses).</summary>
public sealed class OneLossTooMany : IGradientDescent
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
            var (loss, gradient) = lossAndGradient(p);
            losses.Add(loss);
            p = Step(p, gradient, learningRate);
        }

        losses.Add(lossAndGradient(p).Loss);
        return [.. losses];
    }
}
