namespace Dual.Track.Tests.WrongSolutions.Attention;

/// <summary>Wrong: the backward pass recomputes P without the causal mask, so the future leaks into the gradients.</summary>
public sealed class MaskForgottenInBackward : AttentionParts
{
    public override AttentionGradients Backward(double[,] x, double[,] wq, double[,] wk, double[,] wv, double[,] dOut)
    {
        var (q, k, v) = (MatMul(x, wq), MatMul(x, wk), MatMul(x, wv));
        var p = Weights(q, k, masked: false);
        var scale = 1 / Math.Sqrt(wq.GetLength(1));
        var ds = SoftmaxBackward(p, MatMul(dOut, v, transposeB: true));
        return FromProjections(x, wq, wk, wv, Scaled(MatMul(ds, k), scale), Scaled(MatMul(ds, q, transposeA: true), scale), MatMul(p, dOut, transposeA: true));
    }
}
