namespace Dual.Track.Tests.WrongSolutions.Activations;

/// <summary>Wrong: Σ dW² returned as the norm, the square root forgotten.</summary>
public sealed class NormsNotRooted : Learner
{
    public override double[] GradientNorms(double[,] x, double[,] y, IReadOnlyList<DenseParameters> layers, Activation activation) =>
        [.. base.GradientNorms(x, y, layers, activation).Select(n => n * n)];
}
