using static Dual.Track.Grading.Matrices;

namespace Dual.Track.Projects;

/// <summary>
/// microgpt's pieces by plain loops: the forward passes the grader runs, and the backward passes right or with one
/// mistake learners make (the grader's suspects; Dual's reverse mode, not these, is the reference for grading).
/// </summary>
internal static class GptPieces
{
    internal enum Mistake
    {
        None,
        NormOnlyDirect,
        NormMeanWithoutOneOverC,
        NoReluDerivative,
        CrossEntropySumNotMean,
        CrossEntropyNoOneHot,
        CrossEntropySignFlipped,
    }

    /// <summary>y = x / √(mean(x²) + eps), row by row.</summary>
    public static double[,] RmsNorm(double[,] x, double eps)
    {
        var y = new double[x.GetLength(0), x.GetLength(1)];
        for (var t = 0; t < x.GetLength(0); t++)
        {
            var r = InverseRms(x, t, eps);
            for (var c = 0; c < x.GetLength(1); c++)
            {
                y[t, c] = x[t, c] * r;
            }
        }

        return y;
    }

    /// <summary>dx = r·dy − r³·x·(Σ dy·x)/C per row, r = 1/√(mean(x²) + eps); or one of the mistakes.</summary>
    public static double[,] RmsNormBackward(double[,] x, double[,] dy, double eps, Mistake mistake = Mistake.None)
    {
        var (rows, width) = (x.GetLength(0), x.GetLength(1));
        var dx = new double[rows, width];
        for (var t = 0; t < rows; t++)
        {
            var r = InverseRms(x, t, eps);
            var dot = 0.0;
            for (var c = 0; c < width; c++)
            {
                dot += dy[t, c] * x[t, c];
            }

            var through = mistake switch { Mistake.NormOnlyDirect => 0.0, Mistake.NormMeanWithoutOneOverC => r * r * r * dot, _ => r * r * r * dot / width };
            for (var c = 0; c < width; c++)
            {
                dx[t, c] = r * dy[t, c] - through * x[t, c];
            }
        }

        return dx;
    }

    /// <summary>Multi-head causal self-attention: the heads of project 9 side by side, then ·Wo.</summary>
    public static double[,] Attention(double[,] x, double[,] wq, double[,] wk, double[,] wv, double[,] wo, int heads)
    {
        var (rows, width) = (x.GetLength(0), x.GetLength(1));
        var size = width / heads;
        var merged = new double[rows, width];
        for (var h = 0; h < heads; h++)
        {
            var (head, _) = AttentionMath.Forward(x, Columns(wq, h * size, size), Columns(wk, h * size, size), Columns(wv, h * size, size));
            SetColumns(merged, head, h * size);
        }

        return MatMul(merged, wo);
    }

    /// <summary>
    /// The multi-head backward from project 9's single-head one, right or with one of its mistakes in every head, or
    /// (<paramref name="wholeWidthScale"/>) with every head's scores scaled by 1/√C instead of 1/√D.
    /// </summary>
    public static MultiHeadGradients AttentionBackward(double[,] x, double[,] wq, double[,] wk, double[,] wv, double[,] wo, int heads, double[,] dy, AttentionMath.Mistake mistake, bool wholeWidthScale = false)
    {
        var (rows, width) = (x.GetLength(0), x.GetLength(1));
        var size = width / heads;
        var merged = new double[rows, width];
        var (dx, dwq, dwk, dwv) = (new double[rows, width], new double[width, width], new double[width, width], new double[width, width]);
        var dMerged = MatMul(dy, wo, transposeB: true);

        // q·kᵀ/√C = (q·f)·kᵀ/√D with f = √(D/C): a head with its queries scaled by f, whose dWq is then f times that of the scaled queries.
        var f = wholeWidthScale ? Math.Sqrt((double)size / width) : 1.0;
        for (var h = 0; h < heads; h++)
        {
            var (q, k, v) = (Map(Columns(wq, h * size, size), a => a * f), Columns(wk, h * size, size), Columns(wv, h * size, size));
            SetColumns(merged, AttentionMath.Forward(x, q, k, v).Out, h * size);
            var g = AttentionMath.Backward(x, q, k, v, Columns(dMerged, h * size, size), mistake);
            dx = Add(dx, g.DX);
            SetColumns(dwq, Map(g.DWq, a => a * f), h * size);
            SetColumns(dwk, g.DWk, h * size);
            SetColumns(dwv, g.DWv, h * size);
        }

        return new MultiHeadGradients(dx, dwq, dwk, dwv, MatMul(merged, dy, transposeA: true));
    }

    /// <summary>y = relu(x·W1)·W2.</summary>
    public static double[,] Mlp(double[,] x, double[,] w1, double[,] w2) => MatMul(Map(MatMul(x, w1), h => h > 0 ? h : 0.0), w2);

    /// <summary>The MLP's backward, right or without the ReLU's derivative.</summary>
    public static MlpGradients MlpBackward(double[,] x, double[,] w1, double[,] w2, double[,] dy, Mistake mistake = Mistake.None)
    {
        var h = MatMul(x, w1);
        var a = Map(h, v => v > 0 ? v : 0.0);
        var da = MatMul(dy, w2, transposeB: true);
        var dh = mistake == Mistake.NoReluDerivative ? da : Zip(da, h, (g, v) => v > 0 ? g : 0.0);
        return new MlpGradients(MatMul(dh, w1, transposeB: true), MatMul(x, dh, transposeA: true), MatMul(a, dy, transposeA: true));
    }

    /// <summary>mean over positions of −log softmax(logits[t])[targets[t]].</summary>
    public static double CrossEntropy(double[,] logits, int[] targets)
    {
        var total = 0.0;
        for (var t = 0; t < logits.GetLength(0); t++)
        {
            var max = double.NegativeInfinity;
            for (var j = 0; j < logits.GetLength(1); j++)
            {
                max = Math.Max(max, logits[t, j]);
            }

            var sum = 0.0;
            for (var j = 0; j < logits.GetLength(1); j++)
            {
                sum += Math.Exp(logits[t, j] - max);
            }

            total += max + Math.Log(sum) - logits[t, targets[t]];
        }

        return total / logits.GetLength(0);
    }

    /// <summary>(softmax − one-hot)/T, right or with one of the mistakes.</summary>
    public static double[,] CrossEntropyBackward(double[,] logits, int[] targets, Mistake mistake = Mistake.None)
    {
        var (rows, vocab) = (logits.GetLength(0), logits.GetLength(1));
        var d = new double[rows, vocab];
        var scale = mistake == Mistake.CrossEntropySumNotMean ? 1.0 : 1.0 / rows;
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
                sum += Math.Exp(logits[t, j] - max);
            }

            for (var j = 0; j < vocab; j++)
            {
                var oneHot = j == targets[t] && mistake != Mistake.CrossEntropyNoOneHot ? 1.0 : 0.0;
                var g = (Math.Exp(logits[t, j] - max) / sum - oneHot) * scale;
                d[t, j] = mistake == Mistake.CrossEntropySignFlipped ? -g : g;
            }
        }

        return d;
    }

    private static double InverseRms(double[,] x, int row, double eps)
    {
        var squares = 0.0;
        for (var c = 0; c < x.GetLength(1); c++)
        {
            squares += x[row, c] * x[row, c];
        }

        return 1 / Math.Sqrt(squares / x.GetLength(1) + eps);
    }
}
