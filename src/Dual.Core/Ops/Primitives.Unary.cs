using System.Numerics.Tensors;

namespace Dual;

/// <summary>
/// Every primitive's definition. Each family lives in its own file; within a family each
/// primitive's kernel and derivative rules stand side by side.
/// </summary>
public static partial class Primitives
{
    /// <summary>y = −x; dx = −dy.</summary>
    public static readonly OpDef Neg = OpDef.Unary(OpKind.Neg, TensorPrimitives.Negate,
        vjp: (x, y, dy) => -dy,
        jvp: (x, y, dx) => -dx);

    /// <summary>y = eˣ; dx = dy·y.</summary>
    public static readonly OpDef Exp = OpDef.Unary(OpKind.Exp, Kernels.Elementwise.Exp,
        vjp: (x, y, dy) => dy * y,
        jvp: (x, y, dx) => dx * y);

    /// <summary>y = ln x; dx = dy / x.</summary>
    public static readonly OpDef Log = OpDef.Unary(OpKind.Log, Kernels.Elementwise.Log,
        vjp: (x, y, dy) => dy / x,
        jvp: (x, y, dx) => dx / x);

    /// <summary>y = tanh x; dx = dy·(1 − y²).</summary>
    public static readonly OpDef Tanh = OpDef.Unary(OpKind.Tanh, Kernels.Elementwise.Tanh,
        vjp: (x, y, dy) => dy * (1 - y * y),
        jvp: (x, y, dx) => dx * (1 - y * y));

    /// <summary>
    /// y = σ(x) = 1 / (1 + e⁻ˣ); dx = dy·y·(1 − y), the seed's <c>a(1 − a)</c>. The factor 1 − y is built as
    /// σ(−x), equal to it but exact where y rounds to 1 (|x| ≥ 30: 1 − y would keep only 3 digits); the formula
    /// printer shows it as (1 − a) (decision 0011).
    /// </summary>
    public static readonly OpDef Sigmoid = OpDef.Unary(OpKind.Sigmoid, Kernels.Elementwise.Sigmoid,
        vjp: (x, y, dy) => dy * y * (-x).Sigmoid(),
        jvp: (x, y, dx) => dx * y * (-x).Sigmoid());

    /// <summary>y = √x; dx = dy / (2y).</summary>
    public static readonly OpDef Sqrt = OpDef.Unary(OpKind.Sqrt, TensorPrimitives.Sqrt,
        vjp: (x, y, dy) => dy / (2 * y),
        jvp: (x, y, dx) => dx / (2 * y));

    /// <summary>y = |x|; dx = dy·sign(x). At x = 0 the subgradient 0 is taken.</summary>
    public static readonly OpDef Abs = OpDef.Unary(OpKind.Abs, TensorPrimitives.Abs,
        vjp: (x, y, dy) => dy * x.Sign(),
        jvp: (x, y, dx) => dx * x.Sign());

    /// <summary>y = sign x ∈ {−1, 0, 1}; piecewise constant, so dx = 0.</summary>
    public static readonly OpDef Sign = new(OpKind.Sign, 1,
        static (inputs, _) => inputs[0].Shape,
        static _ => static (x, output) => Kernels.Elementwise.Sign(x[0], output),
        static (_, _) => [null],
        static (_, _) => null);

    /// <summary>y = xᵖ for a constant p; dx = dy·p·xᵖ⁻¹.</summary>
    public static readonly OpDef Pow = new(OpKind.Pow, 1,
        static (inputs, _) => inputs[0].Shape,
        static y =>
        {
            var p = Exponent(y);
            return (x, output) => Kernels.Elementwise.Power(x[0], p, output);
        },
        static (y, dy) => [dy * Exponent(y) * y.Input(0).Pow(Exponent(y) - 1)],
        static (y, t) => t[0] is { } dx ? dx * Exponent(y) * y.Input(0).Pow(Exponent(y) - 1) : null);

    /// <summary>y = x in the forward pass; no derivative flows through (dx = 0).</summary>
    public static readonly OpDef StopGradient = new(OpKind.StopGradient, 1,
        static (inputs, _) => inputs[0].Shape,
        static _ => static (x, output) => x[0].CopyTo(output, 0),
        static (_, _) => [null],
        static (_, _) => null);

    /// <summary>
    /// y = gelu(x) = ½x(1 + tanh(√(2/π)(x + 0.044715x³))), fused (the composite
    /// <see cref="Expr.GeluComposite"/> is its reference); dx = dy·gelu′(x).
    /// </summary>
    public static readonly OpDef Gelu = OpDef.Unary(OpKind.Gelu, Kernels.Elementwise.Gelu,
        vjp: (x, y, dy) => dy * x.GeluDerivative(),
        jvp: (x, y, dx) => dx * x.GeluDerivative());

    /// <summary>
    /// y = gelu′(x), fused; its own derivative gelu″(x) = (1 − t²)(u′ − x·t·u′² + 3·0.044715·√(2/π)·x²)
    /// (t = tanh u) is written out in primitives: second derivatives are rare, so they need not be fast.
    /// </summary>
    public static readonly OpDef GeluDerivative = OpDef.Unary(OpKind.GeluDerivative, Kernels.Elementwise.GeluDerivative,
        vjp: (x, y, dy) => dy * GeluSecond(x),
        jvp: (x, y, dx) => dx * GeluSecond(x));

    private static Expr GeluSecond(Expr x)
    {
        const double c = 0.7978845608028654, a = 0.044715;
        var t = (c * (x + a * x.Pow(3))).Tanh();
        var du = c * (1.0 + 3.0 * a * x.Square());
        return (1.0 - t.Square()) * (du - x * t * du.Square() + 3.0 * a * c * x.Square());
    }

    private static double Exponent(Expr y) => (y.AttributeAs<ExponentAttribute>()).Exponent;
}
