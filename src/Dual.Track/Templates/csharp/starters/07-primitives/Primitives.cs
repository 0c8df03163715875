using Dual;
using Dual.Track;

namespace Track;

/// <summary>
/// Project 7, your own primitives: each method returns an op defined with OpDef.Define (a name, the number of
/// operands, a forward over tensors, and a VJP rule written as expressions: y is the node, y.Inputs its operands,
/// dy the cotangent of its output). Read README.md in this folder, then replace each TODO.
/// Check with `dual track check primitives`.
/// </summary>
public sealed class Primitives : IPrimitives
{
    /// <summary>A tensor of x's shape with f applied to every element (for the forwards).</summary>
    private static Tensor Map(Tensor x, Func<double, double> f) => Tensor.Generate(x.Shape, i => f(x.Span[i]));

    /// <summary>y = ln(1 + eˣ), finite even for x = 1000; dx = dy·σ(x).</summary>
    public OpDef Softplus() => OpDef.Define("Softplus", arity: 1,
        forward: (x, _) => throw new NotWrittenYetException("Softplus forward"),   // TODO: Map(x[0], v => ...)
        vjp: (y, dy) => throw new NotWrittenYetException("Softplus VJP"));   // TODO: [dy * ...]

    /// <summary>y = x·σ(x); dx = dy·(σ(x) + x·σ(x)·(1 − σ(x))).</summary>
    public OpDef Swish() => OpDef.Define("Swish", arity: 1,
        forward: (x, _) => throw new NotWrittenYetException("Swish forward"),   // TODO
        vjp: (y, dy) => throw new NotWrittenYetException("Swish VJP"));   // TODO

    /// <summary>y = √(a² + b²); da = dy·a/y, db = dy·b/y (one cotangent per operand, in order).</summary>
    public OpDef Hypot() => OpDef.Define("Hypot", arity: 2,
        forward: (x, _) => throw new NotWrittenYetException("Hypot forward"),   // TODO: x[0] is a, x[1] is b
        vjp: (y, dy) => throw new NotWrittenYetException("Hypot VJP"));   // TODO: [da, db]
}
