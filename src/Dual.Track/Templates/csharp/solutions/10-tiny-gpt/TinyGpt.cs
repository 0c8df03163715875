using Dual.Track;

namespace Track;

/// <summary>
/// Project 10, the backward passes of microgpt's pieces. A reference solution.
/// </summary>
public sealed class TinyGpt : ITinyGpt
{
    /// <summary>dx = r·dy − r³·x·(Σ_c dy·x)/C per row, r = 1/√(mean(x²) + eps).</summary>
    public double[,] RmsNormBackward(double[,] x, double[,] dy, double eps)
    {
        int rows = x.GetLength(0), width = x.GetLength(1);
        var dx = new double[rows, width];
        for (var t = 0; t < rows; t++)
        {
            double squares = 0, dot = 0;
            for (var c = 0; c < width; c++)
            {
                squares += x[t, c] * x[t, c];
                dot += dy[t, c] * x[t, c];
            }

            var r = 1 / Math.Sqrt(squares / width + eps);
            for (var c = 0; c < width; c++)
            {
                dx[t, c] = r * dy[t, c] - r * r * r * x[t, c] * dot / width;
            }
        }

        return dx;
    }

    /// <summary>The output projection's backward, then each head's (project 9's) on its columns.</summary>
    public MultiHeadGradients AttentionBackward(double[,] x, double[,] wq, double[,] wk, double[,] wv, double[,] wo, int heads, double[,] dy)
    {
        int rows = x.GetLength(0), width = x.GetLength(1), size = width / heads;
        var (q, k, v) = (MatMul(x, wq, false, false), MatMul(x, wk, false, false), MatMul(x, wv, false, false));
        var merged = new double[rows, width];
        var weights = new double[heads][,];
        for (var h = 0; h < heads; h++)
        {
            weights[h] = Weights(q, k, h * size, size);
            for (var i = 0; i < rows; i++)
            {
                for (var j = 0; j <= i; j++)
                {
                    for (var d = 0; d < size; d++)
                    {
                        merged[i, h * size + d] += weights[h][i, j] * v[j, h * size + d];
                    }
                }
            }
        }

        var dMerged = MatMul(dy, wo, false, true);
        var (dq, dk, dv) = (new double[rows, width], new double[rows, width], new double[rows, width]);
        var scale = 1 / Math.Sqrt(size);
        for (var h = 0; h < heads; h++)
        {
            var (p, offset) = (weights[h], h * size);
            for (var i = 0; i < rows; i++)
            {
                // dP[i,j] = d(merged)[i]·v[j] over this head's columns; then softmax's backward and the scale.
                var dp = new double[i + 1];
                var dot = 0.0;
                for (var j = 0; j <= i; j++)
                {
                    for (var d = 0; d < size; d++)
                    {
                        dp[j] += dMerged[i, offset + d] * v[j, offset + d];
                        dv[j, offset + d] += p[i, j] * dMerged[i, offset + d];
                    }

                    dot += dp[j] * p[i, j];
                }

                for (var j = 0; j <= i; j++)
                {
                    var ds = p[i, j] * (dp[j] - dot) * scale;
                    for (var d = 0; d < size; d++)
                    {
                        dq[i, offset + d] += ds * k[j, offset + d];
                        dk[j, offset + d] += ds * q[i, offset + d];
                    }
                }
            }
        }

        var dx = MatMul(dq, wq, false, true);
        Accumulate(dx, MatMul(dk, wk, false, true));
        Accumulate(dx, MatMul(dv, wv, false, true));
        return new MultiHeadGradients(dx, MatMul(x, dq, true, false), MatMul(x, dk, true, false), MatMul(x, dv, true, false), MatMul(merged, dy, true, false));
    }

    /// <summary>dW2 = aᵀ·dy, dh = (dy·W2ᵀ) ⊙ [h > 0], dW1 = xᵀ·dh, dX = dh·W1ᵀ.</summary>
    public MlpGradients MlpBackward(double[,] x, double[,] w1, double[,] w2, double[,] dy)
    {
        var h = MatMul(x, w1, false, false);
        var a = new double[h.GetLength(0), h.GetLength(1)];
        var dh = MatMul(dy, w2, false, true);
        for (var i = 0; i < h.GetLength(0); i++)
        {
            for (var j = 0; j < h.GetLength(1); j++)
            {
                a[i, j] = h[i, j] > 0 ? h[i, j] : 0;
                dh[i, j] = h[i, j] > 0 ? dh[i, j] : 0;
            }
        }

        return new MlpGradients(MatMul(dh, w1, false, true), MatMul(x, dh, true, false), MatMul(a, dy, true, false));
    }

    /// <summary>(softmax − one-hot)/T, row by row, the row's largest logit subtracted before exp.</summary>
    public double[,] CrossEntropyBackward(double[,] logits, int[] targets)
    {
        int rows = logits.GetLength(0), vocab = logits.GetLength(1);
        var d = new double[rows, vocab];
        for (var t = 0; t < rows; t++)
        {
            var max = double.NegativeInfinity;
            for (var j = 0; j < vocab; j++)
            {
                max = Math.Max(max, logits[t, j]);
            }

            var sum = 0.0;
            for (var j = 0; j < vocab; j++)
            {
                d[t, j] = Math.Exp(logits[t, j] - max);
                sum += d[t, j];
            }

            for (var j = 0; j < vocab; j++)
            {
                d[t, j] = (d[t, j] / sum - (j == targets[t] ? 1 : 0)) / rows;
            }
        }

        return d;
    }

    /// <summary>One head's P: row i is the softmax over j ≤ i of q[i]·k[j]/√D on the head's columns.</summary>
    private static double[,] Weights(double[,] q, double[,] k, int offset, int size)
    {
        var rows = q.GetLength(0);
        var scale = 1 / Math.Sqrt(size);
        var p = new double[rows, rows];
        for (var i = 0; i < rows; i++)
        {
            var max = double.NegativeInfinity;
            for (var j = 0; j <= i; j++)
            {
                var s = 0.0;
                for (var d = 0; d < size; d++)
                {
                    s += q[i, offset + d] * k[j, offset + d];
                }

                p[i, j] = s * scale;
                max = Math.Max(max, p[i, j]);
            }

            var sum = 0.0;
            for (var j = 0; j <= i; j++)
            {
                p[i, j] = Math.Exp(p[i, j] - max);
                sum += p[i, j];
            }

            for (var j = 0; j <= i; j++)
            {
                p[i, j] /= sum;
            }
        }

        return p;
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
