namespace Dual.Track.Tests.WrongSolutions.Softmax;

/// <summary>Wrong: the loss is −log of the (stable) softmax, −∞ once a probability underflows to 0.</summary>
public sealed class NaiveLogSoftmax : SoftmaxParts
{
    public override double Loss(double[,] logits, int[] labels) => MeanNegativeLogOf(Softmax(logits), labels);
}
