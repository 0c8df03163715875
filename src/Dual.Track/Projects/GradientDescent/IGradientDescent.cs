namespace Dual.Track;

/// <summary>
/// Project 2, gradient descent: the update <c>p ← p − lr·g</c> and the loop that repeats it.
/// </summary>
public interface IGradientDescent
{
    /// <summary>One update: returns a new array <c>p − lr·g</c>; <paramref name="parameters"/> and <paramref name="gradient"/> stay unchanged.</summary>
    double[] Step(double[] parameters, double[] gradient, double learningRate);

    /// <summary>
    /// Runs <paramref name="steps"/> updates from <paramref name="start"/>. Before each update it asks
    /// <paramref name="lossAndGradient"/> for the loss and gradient at the current parameters; returns those
    /// <paramref name="steps"/> losses in order (the loss trajectory).
    /// </summary>
    double[] Train(Func<double[], LossAndGradient> lossAndGradient, double[] start, double learningRate, int steps);
}
