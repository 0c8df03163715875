namespace Dual.Track.Tests.WrongSolutions.Softmax;

/// <summary>
/// The right softmax, mean cross-entropy and backward (p − onehot(y))/batch, as the reference solution computes them, so
/// that each wrong solution's file shows only the method with its one mistake.
/// </summary>
public abstract class SoftmaxParts : ISoftmaxCrossEntropy
{
    /// <summary>p[i,j] = exp(Z[i,j] − m_i) / Σ_k exp(Z[i,k] − m_i), m_i the row's maximum.</summary>
    public virtual double[,] Softmax(double[,] logits)
    {
        int batch = logits.GetLength(0), classes = logits.GetLength(1);
        var p = new double[batch, classes];
        for (var i = 0; i < batch; i++)
        {
            var (m, sum) = ShiftedSum(logits, i);
            for (var j = 0; j < classes; j++)
            {
                p[i, j] = Math.Exp(logits[i, j] - m) / sum;
            }
        }

        return p;
    }

    /// <summary>(1/batch)·Σ_i −log p[i, y[i]], with log p[i, y] = (Z[i,y] − m_i) − log Σ_k exp(Z[i,k] − m_i).</summary>
    public virtual double Loss(double[,] logits, int[] labels) => ShiftedLossSum(logits, labels) / logits.GetLength(0);

    /// <summary>dZ = (p − onehot(y)) / batch.</summary>
    public virtual double[,] Backward(double[,] logits, int[] labels)
    {
        var d = Softmax(logits);
        for (var i = 0; i < d.GetLength(0); i++)
        {
            d[i, labels[i]] -= 1;
            DivideRow(d, i, d.GetLength(0));
        }

        return d;
    }

    /// <summary>Σ_i −log p[i, y[i]] in the shifted form.</summary>
    protected static double ShiftedLossSum(double[,] logits, int[] labels)
    {
        var total = 0.0;
        for (var i = 0; i < logits.GetLength(0); i++)
        {
            var (m, sum) = ShiftedSum(logits, i);
            total -= logits[i, labels[i]] - m - Math.Log(sum);
        }

        return total;
    }

    /// <summary>(1/batch)·Σ_i −log p[i, y[i]] read off the probabilities themselves (−∞ once one underflows to 0).</summary>
    protected static double MeanNegativeLogOf(double[,] p, int[] labels)
    {
        var total = 0.0;
        for (var i = 0; i < p.GetLength(0); i++)
        {
            total -= Math.Log(p[i, labels[i]]);
        }

        return total / p.GetLength(0);
    }

    /// <summary>Row i of <paramref name="d"/> divided by <paramref name="by"/>.</summary>
    protected static void DivideRow(double[,] d, int i, double by)
    {
        for (var j = 0; j < d.GetLength(1); j++)
        {
            d[i, j] /= by;
        }
    }

    /// <summary>Row i's maximum m and Σ_k exp(Z[i,k] − m).</summary>
    private static (double Max, double Sum) ShiftedSum(double[,] logits, int i)
    {
        var m = double.NegativeInfinity;
        for (var j = 0; j < logits.GetLength(1); j++)
        {
            m = Math.Max(m, logits[i, j]);
        }

        var sum = 0.0;
        for (var j = 0; j < logits.GetLength(1); j++)
        {
            sum += Math.Exp(logits[i, j] - m);
        }

        return (m, sum);
    }
}
