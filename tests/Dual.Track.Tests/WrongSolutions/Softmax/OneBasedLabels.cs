namespace Dual.Track.Tests.WrongSolutions.Softmax;

/// <summary>Wrong: the onehot is off by one, as if labels counted from 1.</summary>
public sealed class OneBasedLabels : SoftmaxParts
{
    public override double[,] Backward(double[,] logits, int[] labels)
    {
        var d = Softmax(logits);
        for (var i = 0; i < d.GetLength(0); i++)
        {
            d[i, labels[i] - 1] -= 1;
            DivideRow(d, i, d.GetLength(0));
        }

        return d;
    }
}
