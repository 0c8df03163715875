namespace Dual;

public sealed partial class Expr
{
    /// <summary>a + b, broadcasting.</summary>
    public static Expr Add(Expr a, Expr b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.IsZero) return b.BroadcastLike(a);
        if (b.IsZero) return a.BroadcastLike(b);
        return Apply(Primitives.Add, [a, b]);
    }

    /// <summary>a − b, broadcasting.</summary>
    public static Expr Subtract(Expr a, Expr b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (b.IsZero) return a.BroadcastLike(b);
        if (a.IsZero) return Negate(b).BroadcastLike(a);
        return Apply(Primitives.Sub, [a, b]);
    }

    /// <summary>a · b elementwise, broadcasting.</summary>
    public static Expr Multiply(Expr a, Expr b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.IsZero || b.IsZero) return Zeros(BroadcastShapeOf(a, b, Primitives.Mul));
        return Apply(Primitives.Mul, [a, b]);
    }

    /// <summary>a / b elementwise, broadcasting.</summary>
    public static Expr Divide(Expr a, Expr b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.IsZero) return Zeros(BroadcastShapeOf(a, b, Primitives.Div));
        return Apply(Primitives.Div, [a, b]);
    }

    /// <summary>−x.</summary>
    public static Expr Negate(Expr x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x.IsZero ? x : Apply(Primitives.Neg, [x]);
    }

    /// <summary>eˣ elementwise.</summary>
    public Expr Exp() => Apply(Primitives.Exp, [this]);

    /// <summary>Natural logarithm elementwise.</summary>
    public Expr Log() => Apply(Primitives.Log, [this]);

    /// <summary>Hyperbolic tangent elementwise.</summary>
    public Expr Tanh() => Apply(Primitives.Tanh, [this]);

    /// <summary>
    /// The logistic function σ(x) = 1 / (1 + e⁻ˣ) elementwise, as a primitive whose rule is the seed's
    /// <c>dy·a(1 − a)</c> (decision 0011). <see cref="SigmoidComposite"/> is its reference.
    /// </summary>
    public Expr Sigmoid() => Apply(Primitives.Sigmoid, [this]);

    /// <summary>Square root elementwise.</summary>
    public Expr Sqrt() => Apply(Primitives.Sqrt, [this]);

    /// <summary>GELU, tanh approximation: ½x(1 + tanh(√(2/π)(x + 0.044715x³))), as one fused primitive.</summary>
    public Expr Gelu() => Apply(Primitives.Gelu, [this]);

    /// <summary>The derivative of <see cref="Gelu"/>, as one fused primitive.</summary>
    public Expr GeluDerivative() => Apply(Primitives.GeluDerivative, [this]);

    /// <summary>Absolute value elementwise (subgradient 0 at 0).</summary>
    public Expr Abs() => Apply(Primitives.Abs, [this]);

    /// <summary>Sign elementwise: −1, 0 or 1.</summary>
    public Expr Sign() => Apply(Primitives.Sign, [this]);

    /// <summary>xᵖ elementwise for a constant exponent.</summary>
    public Expr Pow(double exponent)
    {
        if (!double.IsFinite(exponent)) throw new ArgumentOutOfRangeException(nameof(exponent), "The exponent must be finite.");
        if (exponent == 1) return this;
        if (exponent == 0) return Ones(Shape); // x⁰ = 1 for every x (NaN included, as IEEE says), derivative 0
        return Apply(Primitives.Pow, [this], new ExponentAttribute(exponent));
    }

    // Static forms, so F#'s built-in exp, log, tanh, sqrt, abs and ** work on expressions.

    /// <summary>eˣ elementwise (static form, for F#'s <c>exp</c>).</summary>
    public static Expr Exp(Expr x) => (x ?? throw new ArgumentNullException(nameof(x))).Exp();

    /// <summary>ln x elementwise (static form, for F#'s <c>log</c>).</summary>
    public static Expr Log(Expr x) => (x ?? throw new ArgumentNullException(nameof(x))).Log();

    /// <summary>tanh x elementwise (static form, for F#'s <c>tanh</c>).</summary>
    public static Expr Tanh(Expr x) => (x ?? throw new ArgumentNullException(nameof(x))).Tanh();

    /// <summary>√x elementwise (static form, for F#'s <c>sqrt</c>).</summary>
    public static Expr Sqrt(Expr x) => (x ?? throw new ArgumentNullException(nameof(x))).Sqrt();

    /// <summary>|x| elementwise (static form, for F#'s <c>abs</c>).</summary>
    public static Expr Abs(Expr x) => (x ?? throw new ArgumentNullException(nameof(x))).Abs();

    /// <summary>xᵖ elementwise for a constant p (static form, for F#'s <c>**</c>).</summary>
    public static Expr Pow(Expr x, double exponent) => (x ?? throw new ArgumentNullException(nameof(x))).Pow(exponent);

    /// <summary>The same value with no derivative flowing back through it.</summary>
    public Expr StopGradient() => Apply(Primitives.StopGradient, [this]);

    /// <summary>1 where this &gt; other, else 0 (broadcasting); no derivative.</summary>
    public Expr Greater(Expr other) => Apply(Primitives.Greater, [this, other]);

    /// <summary>1 where this ≥ other, else 0 (broadcasting); no derivative.</summary>
    public Expr GreaterEqual(Expr other) => Apply(Primitives.GreaterEqual, [this, other]);

    /// <summary>1 where this &lt; other, else 0 (broadcasting); no derivative.</summary>
    public Expr Less(Expr other) => Apply(Primitives.Greater, [other, this]);

    /// <summary>1 where this ≤ other, else 0 (broadcasting); no derivative.</summary>
    public Expr LessEqual(Expr other) => Apply(Primitives.GreaterEqual, [other, this]);

    /// <summary>1 where this == other, else 0 (broadcasting); no derivative.</summary>
    public Expr Equal(Expr other) => Apply(Primitives.Equal, [this, other]);

    /// <summary><paramref name="whenTrue"/> where <paramref name="condition"/> ≠ 0, else <paramref name="whenFalse"/>, all three broadcasting.</summary>
    public static Expr Where(Expr condition, Expr whenTrue, Expr whenFalse) =>
        Apply(Primitives.Where, [condition, whenTrue, whenFalse]);

    private Expr BroadcastLike(Expr other)
    {
        var shape = BroadcastShapeOf(this, other, Primitives.Add);
        return shape == Shape ? this : BroadcastTo(shape);
    }

    private static Shape BroadcastShapeOf(Expr a, Expr b, OpDef op) =>
        Shape.TryBroadcast(a.Shape, b.Shape)
        ?? throw new ShapeException($"{op.Name}: shapes {a.Shape} and {b.Shape} do not broadcast together{Naming.Near([a, b])}");
}
