namespace Dual.Track.Tests.WrongSolutions.Attention;

/// <summary>
/// The right pieces the wrong attention solutions share (a matmul, the weights, the right forward), so that each wrong
/// solution's file shows only its backward pass, with its one mistake.
/// </summary>
public abstract class AttentionParts : IAttention
{
    public double[,] Forward(double[,] x, double[,] wq, double[,] wk, double[,] wv) =>
        MatMul(Weights(MatMul(x, wq), MatMul(x, wk), masked: true), MatMul(x, wv));

    public abstract AttentionGradients Backward(double[,] x, double[,] wq, double[,] wk, double[,] wv, double[,] dOut);

    /// <summary>Row i: softmax of q[i]·k[j]/√d over j ≤ i (all j when not masked).</summary>
    protected static double[,] Weights(double[,] q, double[,] k, bool masked)
    {
        int t = q.GetLength(0);
        var scale = 1 / Math.Sqrt(q.GetLength(1));
        var s = MatMul(q, k, transposeB: true);
        var p = new double[t, t];
        for (var i = 0; i < t; i++)
        {
            var last = masked ? i : t - 1;
            var max = double.NegativeInfinity;
            for (var j = 0; j <= last; j++)
            {
                max = Math.Max(max, s[i, j] * scale);
            }

            var sum = 0.0;
            for (var j = 0; j <= last; j++)
            {
                p[i, j] = Math.Exp(s[i, j] * scale - max);
                sum += p[i, j];
            }

            for (var j = 0; j <= last; j++)
            {
                p[i, j] /= sum;
            }
        }

        return p;
    }

    protected static double[,] MatMul(double[,] a, double[,] b, bool transposeA = false, bool transposeB = false)
    {
        var n = transposeA ? a.GetLength(1) : a.GetLength(0);
        var inner = transposeA ? a.GetLength(0) : a.GetLength(1);
        var m = transposeB ? b.GetLength(0) : b.GetLength(1);
        var y = new double[n, m];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < m; j++)
            {
                for (var l = 0; l < inner; l++)
                {
                    y[i, j] += (transposeA ? a[l, i] : a[i, l]) * (transposeB ? b[j, l] : b[l, j]);
                }
            }
        }

        return y;
    }

    /// <summary>The right softmax backward: dS = P ⊙ (dP − Σ_l dP·P), per row.</summary>
    protected static double[,] SoftmaxBackward(double[,] p, double[,] dp)
    {
        var t = p.GetLength(0);
        var ds = new double[t, t];
        for (var i = 0; i < t; i++)
        {
            var dot = 0.0;
            for (var j = 0; j < t; j++)
            {
                dot += dp[i, j] * p[i, j];
            }

            for (var j = 0; j < t; j++)
            {
                ds[i, j] = p[i, j] * (dp[i, j] - dot);
            }
        }

        return ds;
    }

    protected static double[,] Scaled(double[,] a, double s)
    {
        var y = (double[,])a.Clone();
        for (var i = 0; i < y.GetLength(0); i++)
        {
            for (var j = 0; j < y.GetLength(1); j++)
            {
                y[i, j] *= s;
            }
        }

        return y;
    }

    /// <summary>The gradients from dq, dk, dv (the right last step).</summary>
    protected static AttentionGradients FromProjections(double[,] x, double[,] wq, double[,] wk, double[,] wv, double[,] dq, double[,] dk, double[,] dv)
    {
        var dx = MatMul(dq, wq, transposeB: true);
        var fromK = MatMul(dk, wk, transposeB: true);
        var fromV = MatMul(dv, wv, transposeB: true);
        for (var i = 0; i < dx.GetLength(0); i++)
        {
            for (var j = 0; j < dx.GetLength(1); j++)
            {
                dx[i, j] += fromK[i, j] + fromV[i, j];
            }
        }

        return new AttentionGradients(dx, MatMul(x, dq, transposeA: true), MatMul(x, dk, transposeA: true), MatMul(x, dv, transposeA: true));
    }
}
