namespace Dual.Track.Tests.WrongSolutions.TinyGpt;

/// <summary>Wrong: dLogits = softmax − one-hot, without the 1/T of the mean over positions.</summary>
public sealed class CrossEntropySumNotMean : RightExceptOne
{
    public override double[,] CrossEntropyBackward(double[,] logits, int[] targets)
    {
        int rows = logits.GetLength(0), vocab = logits.GetLength(1);
        var d = new double[rows, vocab];
        for (var t = 0; t < rows; t++)
        {
            var max = Enumerable.Range(0, vocab).Max(j => logits[t, j]);
            var sum = Enumerable.Range(0, vocab).Sum(j => Math.Exp(logits[t, j] - max));
            for (var j = 0; j < vocab; j++)
            {
                d[t, j] = Math.Exp(logits[t, j] - max) / sum - (j == targets[t] ? 1 : 0);
            }
        }

        return d;
    }
}
