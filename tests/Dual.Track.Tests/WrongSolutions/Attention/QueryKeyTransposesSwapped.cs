namespace Dual.Track.Tests.WrongSolutions.Attention;

/// <summary>Wrong: the transposes of dq and dk swapped (dq = dSᵀ·k, dk = dS·q), so Wq gets Wk's gradient pattern and back.</summary>
public sealed class QueryKeyTransposesSwapped : AttentionParts
{
    public override AttentionGradients Backward(double[,] x, double[,] wq, double[,] wk, double[,] wv, double[,] dOut)
    {
        var (q, k, v) = (MatMul(x, wq), MatMul(x, wk), MatMul(x, wv));
        var p = Weights(q, k, masked: true);
        var scale = 1 / Math.Sqrt(wq.GetLength(1));
        var ds = SoftmaxBackward(p, MatMul(dOut, v, transposeB: true));
        return FromProjections(x, wq, wk, wv, Scaled(MatMul(ds, k, transposeA: true), scale), Scaled(MatMul(ds, q), scale), MatMul(p, dOut, transposeA: true));
    }
}
