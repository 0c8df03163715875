namespace Dual.Track.Tests.WrongSolutions.Softmax;

/// <summary>Wrong: softmax as exp(z)/Σexp(z) without subtracting the row maximum (NaN once exp overflows), and the loss as −log of it.</summary>
public sealed class NoMaxShift : SoftmaxParts
{
    public override double[,] Softmax(double[,] logits)
    {
        int batch = logits.GetLength(0), classes = logits.GetLength(1);
        var p = new double[batch, classes];
        for (var i = 0; i < batch; i++)
        {
            var sum = 0.0;
            for (var j = 0; j < classes; j++)
            {
                sum += Math.Exp(logits[i, j]);
            }

            for (var j = 0; j < classes; j++)
            {
                p[i, j] = Math.Exp(logits[i, j]) / sum;
            }
        }

        return p;
    }

    public override double Loss(double[,] logits, int[] labels) => MeanNegativeLogOf(Softmax(logits), labels);
}
