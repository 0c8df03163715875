namespace Dual.Track.Tests.WrongSolutions.Activations;

/// <summary>Wrong: the norms in the order backprop meets the layers, last layer first.</summary>
public sealed class NormsLastLayerFirst : Learner
{
    public override double[] GradientNorms(double[,] x, double[,] y, IReadOnlyList<DenseParameters> layers, Activation activation) =>
        [.. WeightGradientsLastFirst(x, y, layers, activation).Select(dw => Math.Sqrt(dw.Cast<double>().Sum(g => g * g)))];
}
