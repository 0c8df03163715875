namespace Dual.Track.Tests.WrongSolutions.Softmax;

/// <summary>Wrong: the backward is (onehot(y) − p)/batch.</summary>
public sealed class GradientSignFlipped : SoftmaxParts
{
    public override double[,] Backward(double[,] logits, int[] labels)
    {
        var d = Softmax(logits);
        for (var i = 0; i < d.GetLength(0); i++)
        {
            d[i, labels[i]] -= 1;
            DivideRow(d, i, -d.GetLength(0));
        }

        return d;
    }
}
