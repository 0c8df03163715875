using static Dual.Track.Grading.Matrices;

namespace Dual.Track.Projects;

/// <summary>
/// Causal single-head attention by plain loops, right or with one mistake learners make: the grader's suspects, and
/// (per head) the forward pass of project 10's GPT. Dual's reverse mode, not this, is the reference for grading.
/// </summary>
internal static class AttentionMath
{
    internal enum Mistake
    {
        None,
        MaskForgottenInBackward,
        MissingScaleInBackward,
        SoftmaxElementwise,
        QueryKeySwapped,
        DvNotTransposed,
    }

    /// <summary>The attention weights P [T, T]: each row a softmax of q·kᵀ/√d over keys j ≤ i (masked entries exactly 0), or over all keys when <paramref name="masked"/> is false.</summary>
    public static double[,] Weights(double[,] q, double[,] k, bool masked = true)
    {
        var (t, d) = (q.GetLength(0), q.GetLength(1));
        var scale = 1 / Math.Sqrt(d);
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

    /// <summary>out = P·v, and P.</summary>
    public static (double[,] Out, double[,] P) Forward(double[,] x, double[,] wq, double[,] wk, double[,] wv)
    {
        var p = Weights(MatMul(x, wq), MatMul(x, wk));
        return (MatMul(p, MatMul(x, wv)), p);
    }

    /// <summary>The backward pass, right or with one <paramref name="mistake"/>.</summary>
    public static AttentionGradients Backward(double[,] x, double[,] wq, double[,] wk, double[,] wv, double[,] dOut, Mistake mistake = Mistake.None)
    {
        var (q, k, v) = (MatMul(x, wq), MatMul(x, wk), MatMul(x, wv));
        var t = x.GetLength(0);
        var scale = mistake == Mistake.MissingScaleInBackward ? 1.0 : 1 / Math.Sqrt(wq.GetLength(1));
        var p = Weights(q, k, masked: mistake != Mistake.MaskForgottenInBackward);
        var dp = MatMul(dOut, v, transposeB: true);
        var dv = mistake == Mistake.DvNotTransposed ? MatMul(p, dOut) : MatMul(p, dOut, transposeA: true);
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
                ds[i, j] = mistake == Mistake.SoftmaxElementwise ? dp[i, j] * p[i, j] * (1 - p[i, j]) : p[i, j] * (dp[i, j] - dot);
            }
        }

        var swapped = mistake == Mistake.QueryKeySwapped;
        var dq = Map(MatMul(ds, k, transposeA: swapped), a => a * scale);
        var dk = Map(MatMul(ds, q, transposeA: !swapped), a => a * scale);
        var dx = Add(Add(MatMul(dq, wq, transposeB: true), MatMul(dk, wk, transposeB: true)), MatMul(dv, wv, transposeB: true));
        return new AttentionGradients(dx, MatMul(x, dq, transposeA: true), MatMul(x, dk, transposeA: true), MatMul(x, dv, transposeA: true));
    }
}
