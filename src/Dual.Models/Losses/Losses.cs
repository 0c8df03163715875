namespace Dual.Models;

/// <summary>
/// Loss functions: composites of Dual's primitives (no derivative code), each returning a scalar expression
/// averaged over the elements or rows it is given.
/// </summary>
public static class Losses
{
    /// <summary>mean((prediction − target)²) over all elements; the shapes must be equal.</summary>
    /// <exception cref="ShapeException">The shapes differ.</exception>
    public static Expr MeanSquaredError(Expr prediction, Expr target)
    {
        RequireSameShape(prediction, target, nameof(MeanSquaredError));
        return (prediction - target).Square().Mean();
    }

    /// <summary>
    /// Binary cross-entropy of sigmoid(z) against targets t in [0, 1], from the logits z, averaged over all elements:
    /// mean(max(z, 0) − z·t + log(1 + exp(−|z|))), which equals −t·log σ(z) − (1 − t)·log(1 − σ(z)) but never
    /// overflows and never takes the log of 0.
    /// </summary>
    /// <exception cref="ShapeException">The shapes differ.</exception>
    public static Expr BinaryCrossEntropyWithLogits(Expr logits, Expr targets)
    {
        RequireSameShape(logits, targets, nameof(BinaryCrossEntropyWithLogits));
        return (logits.Relu() - logits * targets + (1.0 + (-logits.Abs()).Exp()).Log()).Mean();
    }

    /// <summary>
    /// Mean over rows of −log softmax(logits)[target]: <paramref name="logits"/> <c>[..., classes]</c>, <paramref name="targets"/>
    /// class indices with the logits' shape without the class axis (<see cref="Expr.SoftmaxCrossEntropy"/>).
    /// </summary>
    /// <exception cref="ShapeException">The targets' shape is not the logits' without the class axis.</exception>
    public static Expr SoftmaxCrossEntropy(Expr logits, Expr targets) => Expr.SoftmaxCrossEntropy(logits, targets);

    /// <summary>The hinge loss of micrograd's demo: mean(relu(1 − y·score)) for labels y in {−1, +1}; the shapes must be equal.</summary>
    /// <exception cref="ShapeException">The shapes differ.</exception>
    public static Expr Hinge(Expr scores, Expr labels)
    {
        RequireSameShape(scores, labels, nameof(Hinge));
        return (1.0 - labels * scores).Relu().Mean();
    }

    /// <summary>The L2 penalty Σ p² over every element of every parameter (0 for none); scale it by the regularisation strength.</summary>
    public static Expr L2(IEnumerable<Expr> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Expr? total = null;
        foreach (var p in parameters)
        {
            ArgumentNullException.ThrowIfNull(p, nameof(parameters));
            var term = p.Square().Sum();
            total = total is null ? term : total + term;
        }
        return total ?? Expr.Scalar(0.0);
    }

    private static void RequireSameShape(Expr a, Expr b, string loss)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Shape != b.Shape)
            throw new ShapeException($"{loss}: the shapes differ: {a.Shape} and {b.Shape}.");
    }
}
