using Dual;

namespace Dual.Track.Tests.WrongSolutions.Primitives;

/// <summary>
/// Wrong: the VJP of softplus returns null ("no derivative") for its operand, a gradient that is always zero.
/// Swish and hypot are the reference solution's.
/// </summary>
public sealed class SoftplusNullCotangent : IPrimitives
{
    private static readonly IPrimitives Right = new global::Track.Primitives();

    /// <summary>The reference forward, with a VJP that returns no cotangent.</summary>
    public OpDef Softplus() => OpDef.Define("Softplus", arity: 1,
        forward: (x, _) => Tensor.Generate(x[0].Shape, i => Math.Max(x[0].Span[i], 0) + Math.Log(1 + Math.Exp(-Math.Abs(x[0].Span[i])))),
        vjp: (_, _) => [null]);

    /// <inheritdoc/>
    public OpDef Swish() => Right.Swish();

    /// <inheritdoc/>
    public OpDef Hypot() => Right.Hypot();
}
