using Dual;

namespace Dual.Track.Tests.WrongSolutions.Primitives;

/// <summary>Wrong: hypot's cotangents are returned in the wrong order (b's first).</summary>
public sealed class HypotOperandsSwapped : IPrimitives
{
    private static readonly IPrimitives Right = new global::Track.Primitives();

    /// <summary>The reference solution's.</summary>
    public OpDef Softplus() => Right.Softplus();

    /// <summary>The reference solution's.</summary>
    public OpDef Swish() => Right.Swish();

    /// <summary>y = √(a² + b²); da = dy·a/y, db = dy·b/y.</summary>
    public OpDef Hypot() => OpDef.Define("Hypot", arity: 2,
        forward: (x, _) => Tensor.Generate(x[0].Shape, i => Math.Sqrt(x[0].Span[i] * x[0].Span[i] + x[1].Span[i] * x[1].Span[i])),
        vjp: (y, dy) => [dy * y.Inputs[1] / y, dy * y.Inputs[0] / y]);
}
