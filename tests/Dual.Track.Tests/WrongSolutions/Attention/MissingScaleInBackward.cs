namespace Dual.Track.Tests.WrongSolutions.Attention;

/// <summary>Wrong: the forward divides the scores by √d, the backward forgets to.</summary>
public sealed class MissingScaleInBackward : AttentionParts
{
    public override AttentionGradients Backward(double[,] x, double[,] wq, double[,] wk, double[,] wv, double[,] dOut)
    {
        var (q, k, v) = (MatMul(x, wq), MatMul(x, wk), MatMul(x, wv));
        var p = Weights(q, k, masked: true);
        var ds = SoftmaxBackward(p, MatMul(dOut, v, transposeB: true));
        return FromProjections(x, wq, wk, wv, MatMul(ds, k), MatMul(ds, q, transposeA: true), MatMul(p, dOut, transposeA: true));
    }
}
