using System.Runtime.CompilerServices;

namespace Dual.Kernels;

/// <summary>
/// The elementwise primitives on one element: the values their span kernels write for a one-element operand,
/// bit for bit. The scalar program (<see cref="ScalarProgram"/>) runs these instead of the kernels. Where a kernel
/// is itself scalar (sigmoid, sign, gelu's arithmetic) both call the functions here; where it calls
/// <c>TensorPrimitives</c>, a one-element span takes that library's scalar loop, which calls <see cref="Math"/>'s
/// function (exp, log, tanh, pow, sqrt; the guards of <see cref="Elementwise.Exp"/> and its kin pick the same
/// function for out-of-range values). Tests compare each case here with the kernel over edge values.
/// </summary>
internal static class OneElement
{
    private const double GeluC = 0.7978845608028654; // √(2/π)
    private const double GeluA = 0.044715;

    /// <summary>Whether <see cref="Apply"/> covers <paramref name="op"/>: every built-in elementwise primitive, and sum and broadcast of one element.</summary>
    public static bool Covers(OpKind op) => op is OpKind.Neg or OpKind.Exp or OpKind.Log or OpKind.Tanh or OpKind.Sqrt or OpKind.Abs
        or OpKind.Sign or OpKind.Pow or OpKind.StopGradient or OpKind.Add or OpKind.Sub or OpKind.Mul or OpKind.Div
        or OpKind.Greater or OpKind.GreaterEqual or OpKind.Equal or OpKind.Where or OpKind.Sum or OpKind.BroadcastTo
        or OpKind.Reshape or OpKind.Gelu or OpKind.GeluDerivative or OpKind.Sigmoid;

    /// <summary>
    /// The value of primitive <paramref name="op"/> (one that <see cref="Covers"/>) on one-element operands
    /// <paramref name="a"/>, <paramref name="b"/>, <paramref name="c"/> (unused ones are ignored); <paramref name="p"/> is a power's exponent.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Apply(OpKind op, double a, double b, double c, double p) => op switch
    {
        OpKind.Add => a + b,
        OpKind.Sub => a - b,
        OpKind.Mul => a * b,
        OpKind.Div => a / b,
        OpKind.Sigmoid => Sigmoid(a),
        OpKind.Neg => -a,
        OpKind.Pow => Power(a, p),
        OpKind.Exp => Math.Exp(a),
        OpKind.Log => Math.Log(a),
        OpKind.Tanh => Math.Tanh(a),
        OpKind.Sqrt => Math.Sqrt(a),
        OpKind.Abs => Math.Abs(a),
        OpKind.Sign => Sign(a),
        OpKind.StopGradient or OpKind.Reshape or OpKind.BroadcastTo => a,
        OpKind.Sum => 0.0 + a, // the reduction starts from +0, so a sum of −0 is +0
        OpKind.Greater => a > b ? 1.0 : 0.0,
        OpKind.GreaterEqual => a >= b ? 1.0 : 0.0,
        OpKind.Equal => a == b ? 1.0 : 0.0,
        OpKind.Where => a != 0 ? b : c,
        OpKind.Gelu => GeluFromTanh(a, Math.Tanh(GeluInner(a))),
        OpKind.GeluDerivative => GeluDerivativeFromTanh(a, Math.Tanh(GeluInner(a))),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not a one-element primitive"),
    };

    /// <summary>σ(x) without overflow: 1 / (1 + e⁻ˣ) for x ≥ 0, eˣ / (1 + eˣ) below (see <see cref="Elementwise.Sigmoid"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sigmoid(double x)
    {
        if (x >= 0) return 1.0 / (1.0 + Math.Exp(-x));
        var e = Math.Exp(x);
        return e / (1.0 + e);
    }

    /// <summary>sign(x): −1, 0 or 1; NaN stays NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sign(double x) => double.IsNaN(x) ? double.NaN : Math.Sign(x);

    /// <summary>xᵖ as <see cref="Elementwise.Power"/> computes it: the same exact forms for the common exponents.</summary>
    public static double Power(double x, double p) => p switch
    {
        1 => x,
        2 => x * x,
        3 => x * x * x,
        -2 => 1.0 / (x * x),
        0.5 => Math.Sqrt(x),
        -1 => 1.0 / x,
        _ => Math.Pow(x, p),
    };

    /// <summary>u = √(2/π)(x + 0.044715x³), the argument of gelu's tanh.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double GeluInner(double x) => GeluC * (x + GeluA * x * x * x);

    /// <summary>gelu(x) = ½x(1 + t), t = tanh(u).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double GeluFromTanh(double x, double t) => 0.5 * x * (1.0 + t);

    /// <summary>gelu′(x) = ½(1 + t) + ½x(1 − t²)·u′, t = tanh(u), u′ = √(2/π)(1 + 3·0.044715x²).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double GeluDerivativeFromTanh(double x, double t)
    {
        var du = GeluC * (1.0 + 3.0 * GeluA * x * x);
        return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * du;
    }
}
