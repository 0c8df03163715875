using Dual;

namespace Dual.Track.Tests.WrongSolutions.Primitives;

/// <summary>The starter as given: every rule a TODO.</summary>
public sealed class Unwritten : IPrimitives
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
