namespace Dual.Track.Tests.WrongSolutions.Softmax;

/// <summary>Wrong: the backward is p/batch: the onehot is never subtracted.</summary>
public sealed class NoOnehot : SoftmaxParts
{
    public override double[,] Backward(double[,] logits, int[] labels)
    {
        var d = Softmax(logits);
        for (var i = 0; i < d.GetLength(0); i++)
        {
            DivideRow(d, i, d.GetLength(0));
        }

        return d;
    }
}
