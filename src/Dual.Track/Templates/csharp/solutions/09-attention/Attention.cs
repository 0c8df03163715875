using Dual.Track;

namespace Track;

/// <summary>
/// Project 9, causal single-head attention: out = softmax(mask(q·kᵀ/√d))·v. A reference solution.
/// </summary>
public sealed class Attention : IAttention
{
    /// <summary>out = P·v.</summary>
    public double[,] Forward(double[,] x, double[,] wq, double[,] wk, double[,] wv)
    {
        var v = MatMul(x, wv, false, false);
        return MatMul(Weights(MatMul(x, wq, false, false), MatMul(x, wk, false, false)), v, false, false);
    }

    /// <summary>dX, dWq, dWk, dWv from dOut, through P·v, the softmax, the scale and the three projections.</summary>
    public AttentionGradients Backward(double[,] x, double[,] wq, double[,] wk, double[,] wv, double[,] dOut)
    {
        var q = MatMul(x, wq, false, false);
        var k = MatMul(x, wk, false, false);
        var v = MatMul(x, wv, false, false);
        var p = Weights(q, k);
        var t = x.GetLength(0);
        var scale = 1 / Math.Sqrt(wq.GetLength(1));

        var dp = MatMul(dOut, v, false, true);   // dP = dOut·vᵀ
        var dv = MatMul(p, dOut, true, false);   // dv = Pᵀ·dOut
        var ds = new double[t, t];
        for (var i = 0; i < t; i++)
        {
            // Softmax's backward, one row at a time: dS = P ⊙ (dP − Σ_l dP·P). Masked weights are 0, so are their dS.
            var dot = 0.0;
            for (var j = 0; j <= i; j++)
            {
                dot += dp[i, j] * p[i, j];
            }

            for (var j = 0; j <= i; j++)
            {
                ds[i, j] = p[i, j] * (dp[i, j] - dot) * scale;   // the 1/√d of S = q·kᵀ/√d, folded in here
            }
        }

        var dq = MatMul(ds, k, false, false);   // dq = dS·k/√d
        var dk = MatMul(ds, q, true, false);    // dk = dSᵀ·q/√d
        var dx = MatMul(dq, wq, false, true);
        Accumulate(dx, MatMul(dk, wk, false, true));
        Accumulate(dx, MatMul(dv, wv, false, true));
        return new AttentionGradients(dx, MatMul(x, dq, true, false), MatMul(x, dk, true, false), MatMul(x, dv, true, false));
    }

    /// <summary>P: row i is the softmax of q[i]·k[j]/√d over j ≤ i; the rest of the row is 0.</summary>
    private static double[,] Weights(double[,] q, double[,] k)
    {
        var t = q.GetLength(0);
        var scale = 1 / Math.Sqrt(q.GetLength(1));
        var s = MatMul(q, k, false, true);
        var p = new double[t, t];
        for (var i = 0; i < t; i++)
        {
            var max = double.NegativeInfinity;
            for (var j = 0; j <= i; j++)
            {
                max = Math.Max(max, s[i, j] * scale);
            }

            var sum = 0.0;
            for (var j = 0; j <= i; j++)
            {
                p[i, j] = Math.Exp(s[i, j] * scale - max);
                sum += p[i, j];
            }

            for (var j = 0; j <= i; j++)
            {
                p[i, j] /= sum;
            }
        }

        return p;
    }

    /// <summary>a·b with either side optionally transposed.</summary>
    private static double[,] MatMul(double[,] a, double[,] b, bool transposeA, bool transposeB)
    {
        var n = transposeA ? a.GetLength(1) : a.GetLength(0);
        var inner = transposeA ? a.GetLength(0) : a.GetLength(1);
        var m = transposeB ? b.GetLength(0) : b.GetLength(1);
        var y = new double[n, m];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < m; j++)
            {
                var sum = 0.0;
                for (var l = 0; l < inner; l++)
                {
                    sum += (transposeA ? a[l, i] : a[i, l]) * (transposeB ? b[j, l] : b[l, j]);
                }

                y[i, j] = sum;
            }
        }

        return y;
    }

    private static void Accumulate(double[,] into, double[,] add)
    {
        for (var i = 0; i < into.GetLength(0); i++)
        {
            for (var j = 0; j < into.GetLength(1); j++)
            {
                into[i, j] += add[i, j];
            }
        }
    }
}
