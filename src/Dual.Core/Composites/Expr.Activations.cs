namespace Dual;

public sealed partial class Expr
{
    /// <summary>x² elementwise.</summary>
    [Composite]
    public Expr Square() => Pow(2);

    /// <summary>
    /// The logistic function written out in primitives as ½(tanh(x/2) + 1) (no overflow of e⁻ˣ anywhere).
    /// <see cref="Sigmoid"/> is the primitive (decision 0011); this is its reference.
    /// </summary>
    [Composite]
    public Expr SigmoidComposite() => 0.5 * ((0.5 * this).Tanh() + 1.0);

    /// <summary>max(x, 0) elementwise. At x = 0 the subgradient 0 is taken.</summary>
    [Composite]
    public Expr Relu() => Where(this > Scalar(0.0), this, 0.0);

    /// <summary>
    /// GELU, tanh approximation, written out in primitives: ½x(1 + tanh(√(2/π)(x + 0.044715x³))).
    /// <see cref="Gelu"/> is the fused primitive (one pass instead of eight); this is its reference.
    /// </summary>
    [Composite]
    public Expr GeluComposite() => 0.5 * this * (1.0 + (Math.Sqrt(2.0 / Math.PI) * (this + 0.044715 * Pow(3))).Tanh());

    /// <summary>The larger of the two elementwise (broadcasting). At a tie the gradient goes to this operand.</summary>
    [Composite]
    public Expr Maximum(Expr other) => Where(GreaterEqual(other), this, other);

    /// <summary>The smaller of the two elementwise (broadcasting). At a tie the gradient goes to this operand.</summary>
    [Composite]
    public Expr Minimum(Expr other) => Where(LessEqual(other), this, other);
}
