namespace Dual.Track.Tests.WrongSolutions.Softmax;

/// <summary>Wrong: the backward is p/batch: the onehot is never subtracted.</summary>
public sealed class NoOnehot : ISoftmaxCrossEntropy
{
    /// <summary>p[i,j] = exp(Z[i,j] − m_i) / Σ_k exp(Z[i,k] − m_i), m_i the row's maximum.</summary>
    public double[,] Softmax(double[,] logits)
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
    public double Loss(double[,] logits, int[] labels)
    {
        var batch = logits.GetLength(0);
        var total = 0.0;
        for (var i = 0; i < batch; i++)
        {
            var (m, sum) = ShiftedSum(logits, i);
            total -= logits[i, labels[i]] - m - Math.Log(sum);
        }

        return total / batch;
    }

    /// <summary>dZ = (p − onehot(y)) / batch.</summary>
    public double[,] Backward(double[,] logits, int[] labels)
    {
        int batch = logits.GetLength(0), classes = logits.GetLength(1);
        var d = Softmax(logits);
        for (var i = 0; i < batch; i++)
        {
            for (var j = 0; j < classes; j++)
            {
                d[i, j] /= batch;
            }
        }

        return d;
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
