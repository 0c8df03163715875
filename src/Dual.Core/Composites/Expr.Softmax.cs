namespace Dual;

public sealed partial class Expr
{
    /// <summary>
    /// log Σ exp(x) over an axis, stable for large logits: the maximum m is subtracted first
    /// (m + log Σ exp(x − m)); m carries no derivative because the result does not depend on it.
    /// </summary>
    [Composite]
    public Expr LogSumExp(int axis = -1, bool keepDims = false)
    {
        var m = Max(axis, keepDims: true).StopGradient();
        var y = m + (this - m).Exp().Sum(axis, keepDims: true).Log();
        return keepDims ? y : y.Reshape(Primitives.ReducedShapeOf(Shape, Shape.NormalizeAxis(axis)));
    }

    /// <summary>exp(x) / Σ exp(x) over an axis, computed from x − max(x) so large logits do not overflow.</summary>
    [Composite]
    public Expr Softmax(int axis = -1)
    {
        var e = (this - Max(axis, keepDims: true).StopGradient()).Exp();
        return e / e.Sum(axis, keepDims: true);
    }

    /// <summary>
    /// log softmax(x) over an axis in the shifted form <c>(x − m) − log Σ exp(x − m)</c>, m the maximum (no derivative:
    /// the result does not depend on it). Not <c>x − logsumexp(x)</c>: at logits near 1e4 the sum m + log Σ… rounds to
    /// a unit in the last place of m (about 2e-12), which the subtraction then keeps; x − m is exact.
    /// </summary>
    [Composite]
    public Expr LogSoftmax(int axis = -1)
    {
        var shifted = this - Max(axis, keepDims: true).StopGradient();
        return shifted - shifted.Exp().Sum(axis, keepDims: true).Log();
    }

    /// <summary>
    /// Mean over the rows of −log softmax(logits)[target]: <paramref name="logits"/> is [..., C] and
    /// <paramref name="targets"/> holds class indices with the leading shape of the logits.
    /// </summary>
    [Composite]
    public static Expr SoftmaxCrossEntropy(Expr logits, Expr targets)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        if (logits.Rank < 1 || targets.Shape != Shape.Create(logits.Shape.Dims[..^1]))
            throw new ShapeException($"SoftmaxCrossEntropy: targets {targets.Shape} must be logits {logits.Shape} without the class axis{Naming.Near([logits, targets])}");
        var classes = logits.Shape[^1];
        var rows = targets.Shape.Size;
        // Pick logp[r, t[r]] from the flattened log-probabilities at r·C + t[r]. A target outside
        // [0, C) would land in another row, so it is sent to index −1, which Gather rejects.
        var t = targets.Reshape([rows]);
        var rowStarts = Constant(Tensor.Arange(0, rows * (double)classes, classes));
        var inRange = t.GreaterEqual(0.0) * t.Less(classes);
        var picked = logits.LogSoftmax(-1).Reshape([rows * classes]).Gather(Where(inRange, t + rowStarts, -1.0));
        return -picked.Mean();
    }
}
