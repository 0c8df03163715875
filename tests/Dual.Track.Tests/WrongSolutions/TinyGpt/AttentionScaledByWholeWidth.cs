namespace Dual.Track.Tests.WrongSolutions.TinyGpt;

/// <summary>Wrong: every head scales its scores by 1/√C, the whole width, where 1/√D (D = C/heads, the head's size) belongs.</summary>
public sealed class AttentionScaledByWholeWidth : RightExceptOne
{
    public override MultiHeadGradients AttentionBackward(double[,] x, double[,] wq, double[,] wk, double[,] wv, double[,] wo, int heads, double[,] dy)
    {
        int rows = x.GetLength(0), width = x.GetLength(1), size = width / heads;
        var scale = 1 / Math.Sqrt(width);
        var (q, k, v) = (MatMul(x, wq, false, false), MatMul(x, wk, false, false), MatMul(x, wv, false, false));
        var merged = new double[rows, width];
        var dMerged = MatMul(dy, wo, false, true);
        var (dq, dk, dv) = (new double[rows, width], new double[rows, width], new double[rows, width]);
        for (var h = 0; h < heads; h++)
        {
            var offset = h * size;
            for (var i = 0; i < rows; i++)
            {
                var p = new double[i + 1];
                for (var j = 0; j <= i; j++)
                {
                    for (var d = 0; d < size; d++)
                    {
                        p[j] += q[i, offset + d] * k[j, offset + d] * scale;
                    }
                }

                var max = p.Max();
                var sum = p.Sum(s => Math.Exp(s - max));
                var dp = new double[i + 1];
                var dot = 0.0;
                for (var j = 0; j <= i; j++)
                {
                    p[j] = Math.Exp(p[j] - max) / sum;
                    for (var d = 0; d < size; d++)
                    {
                        merged[i, offset + d] += p[j] * v[j, offset + d];
                        dp[j] += dMerged[i, offset + d] * v[j, offset + d];
                        dv[j, offset + d] += p[j] * dMerged[i, offset + d];
                    }

                    dot += dp[j] * p[j];
                }

                for (var j = 0; j <= i; j++)
                {
                    var ds = p[j] * (dp[j] - dot) * scale;
                    for (var d = 0; d < size; d++)
                    {
                        dq[i, offset + d] += ds * k[j, offset + d];
                        dk[j, offset + d] += ds * q[i, offset + d];
                    }
                }
            }
        }

        var dx = MatMul(dq, wq, false, true);
        var fromK = MatMul(dk, wk, false, true);
        var fromV = MatMul(dv, wv, false, true);
        for (var i = 0; i < rows; i++)
        {
            for (var c = 0; c < width; c++)
            {
                dx[i, c] += fromK[i, c] + fromV[i, c];
            }
        }

        return new MultiHeadGradients(dx, MatMul(x, dq, true, false), MatMul(x, dk, true, false), MatMul(x, dv, true, false), MatMul(merged, dy, true, false));
    }

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
                for (var l = 0; l < inner; l++)
                {
                    y[i, j] += (transposeA ? a[l, i] : a[i, l]) * (transposeB ? b[j, l] : b[l, j]);
                }
            }
        }

        return y;
    }
}
