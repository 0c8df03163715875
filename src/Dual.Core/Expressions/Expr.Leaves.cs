namespace Dual;

public sealed partial class Expr
{
    /// <summary>A node whose value is always <paramref name="value"/>.</summary>
    public static Expr Constant(Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new Expr(OpKind.Constant, NoInputs, value.Shape, null, null, value);
    }

    /// <summary>A rank-0 constant.</summary>
    public static Expr Scalar(double value) => Constant(Tensor.Scalar(value));

    /// <summary>A constant of zeros; derivative rules use it as a symbolic zero.</summary>
    public static Expr Zeros(Shape shape) =>
        new(OpKind.Constant, NoInputs, shape, null, null, Tensor.Zeros(shape)) { IsZero = true };

    /// <summary>A constant of ones.</summary>
    public static Expr Ones(Shape shape) => Constant(Tensor.Ones(shape));

    /// <summary>
    /// A named input of the given shape, bound to a value at evaluation. Variables with the same
    /// name are the same variable: they are bound to one value and their gradients add up.
    /// </summary>
    public static Expr Variable(string name, Shape shape)
    {
        Naming.Validate(name);
        ArgumentNullException.ThrowIfNull(shape);
        return new Expr(OpKind.Variable, NoInputs, shape, null, name, null);
    }

    /// <summary>A variable with a name no user can give (it has whitespace): the cotangent input of a compiled VJP.</summary>
    internal static Expr Cotangent(string name, Shape shape) => new(OpKind.Variable, NoInputs, shape, null, name, null);

    /// <summary>A named rank-0 input.</summary>
    public static Expr Variable(string name) => Variable(name, Shape.Scalar);

    /// <summary>Lets a number stand for a rank-0 constant.</summary>
    public static implicit operator Expr(double value) => Scalar(value);
}
