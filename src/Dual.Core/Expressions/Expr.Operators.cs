namespace Dual;

public sealed partial class Expr
{
    /// <summary>a + b, broadcasting.</summary>
    public static Expr operator +(Expr a, Expr b) => Add(a, b);

    /// <summary>a + b for a number b.</summary>
    public static Expr operator +(Expr a, double b) => Add(a, Scalar(b));

    /// <summary>a + b for a number a.</summary>
    public static Expr operator +(double a, Expr b) => Add(Scalar(a), b);

    /// <summary>a − b, broadcasting.</summary>
    public static Expr operator -(Expr a, Expr b) => Subtract(a, b);

    /// <summary>a − b for a number b.</summary>
    public static Expr operator -(Expr a, double b) => Subtract(a, Scalar(b));

    /// <summary>a − b for a number a.</summary>
    public static Expr operator -(double a, Expr b) => Subtract(Scalar(a), b);

    /// <summary>a · b elementwise, broadcasting.</summary>
    public static Expr operator *(Expr a, Expr b) => Multiply(a, b);

    /// <summary>a · b for a number b.</summary>
    public static Expr operator *(Expr a, double b) => Multiply(a, Scalar(b));

    /// <summary>a · b for a number a.</summary>
    public static Expr operator *(double a, Expr b) => Multiply(Scalar(a), b);

    /// <summary>a / b elementwise, broadcasting.</summary>
    public static Expr operator /(Expr a, Expr b) => Divide(a, b);

    /// <summary>a / b for a number b.</summary>
    public static Expr operator /(Expr a, double b) => Divide(a, Scalar(b));

    /// <summary>a / b for a number a.</summary>
    public static Expr operator /(double a, Expr b) => Divide(Scalar(a), b);

    /// <summary>−x.</summary>
    public static Expr operator -(Expr x) => Negate(x);

    /// <summary>A 0/1 mask: 1 where a &gt; b.</summary>
    public static Expr operator >(Expr a, Expr b) => a.Greater(b);

    /// <summary>A 0/1 mask: 1 where a &lt; b.</summary>
    public static Expr operator <(Expr a, Expr b) => a.Less(b);

    /// <summary>A 0/1 mask: 1 where a ≥ b.</summary>
    public static Expr operator >=(Expr a, Expr b) => a.GreaterEqual(b);

    /// <summary>A 0/1 mask: 1 where a ≤ b.</summary>
    public static Expr operator <=(Expr a, Expr b) => a.LessEqual(b);
}
