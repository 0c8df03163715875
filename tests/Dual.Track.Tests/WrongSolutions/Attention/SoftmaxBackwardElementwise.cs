namespace Dual.Track.Tests.WrongSolutions.Attention;

/// <summary>Wrong: softmax's backward taken elementwise, dS = dP ⊙ P ⊙ (1 − P), as if each weight depended on its own score only.</summary>
public sealed class SoftmaxBackwardElementwise : AttentionParts
{
    public override AttentionGradients Backward(double[,] x, double[,] wq, double[,] wk, double[,] wv, double[,] dOut)
    {
        var (q, k, v) = (MatMul(x, wq), MatMul(x, wk), MatMul(x, wv));
        var p = Weights(q, k, masked: true);
        var dp = MatMul(dOut, v, transposeB: true);
        var t = x.GetLength(0);
        var ds = new double[t, t];
        for (var i = 0; i < t; i++)
        {
            for (var j = 0; j < t; j++)
            {
                ds[i, j] = dp[i, j] * p[i, j] * (1 - p[i, j]);
            }
        }

        var scale = 1 / Math.Sqrt(wq.GetLength(1));
        return FromProjections(x, wq, wk, wv, Scaled(MatMul(ds, k), scale), Scaled(MatMul(ds, q, transposeA: true), scale), MatMul(p, dOut, transposeA: true));
    }
}
