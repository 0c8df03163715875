namespace Dual.Track.Tests.WrongSolutions.Attention;

/// <summary>Wrong: dv = P·dOut where Pᵀ·dOut belongs (the shapes agree, [T, T]·[T, e], so nothing throws).</summary>
public sealed class DvWithoutTranspose : AttentionParts
{
    public override AttentionGradients Backward(double[,] x, double[,] wq, double[,] wk, double[,] wv, double[,] dOut)
    {
        var (q, k, v) = (MatMul(x, wq), MatMul(x, wk), MatMul(x, wv));
        var p = Weights(q, k, masked: true);
        var scale = 1 / Math.Sqrt(wq.GetLength(1));
        var ds = SoftmaxBackward(p, MatMul(dOut, v, transposeB: true));
        return FromProjections(x, wq, wk, wv, Scaled(MatMul(ds, k), scale), Scaled(MatMul(ds, q, transposeA: true), scale), MatMul(p, dOut));
    }
}
