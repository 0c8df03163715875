namespace Dual.Track.Tests.WrongSolutions.Softmax;

/// <summary>Wrong: the backward is p − onehot(y), not divided by the batch (the loss is a mean).</summary>
public sealed class ForgotBatchDivide : SoftmaxParts
{
    public override double[,] Backward(double[,] logits, int[] labels)
    {
        var d = Softmax(logits);
        for (var i = 0; i < d.GetLength(0); i++)
        {
            d[i, labels[i]] -= 1;
        }

        return d;
    }
}
