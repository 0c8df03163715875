namespace Dual.Track.Tests.WrongSolutions.Softmax;

/// <summary>Wrong: the loss sums −log p[y] over the batch instead of taking the mean.</summary>
public sealed class LossSummed : SoftmaxParts
{
    public override double Loss(double[,] logits, int[] labels) => ShiftedLossSum(logits, labels);
}
