using Dual;

namespace Dual.Track.Tests.WrongSolutions.Primitives;

/// <summary>Wrong: the VJP of swish lacks the (1 − σ) factor of σ′ = σ(1 − σ).</summary>
public sealed class SwishMissingFactor : IPrimitives
{
    private static readonly IPrimitives Right = new global::Track.Primitives();

    /// <summary>A tensor of x's shape with f applied to every element (for the forwards).</summary>
    private static Tensor Map(Tensor x, Func<double, double> f) => Tensor.Generate(x.Shape, i => f(x.Span[i]));

    /// <summary>The reference solution's.</summary>
    public OpDef Softplus() => Right.Softplus();

    /// <summary>y = x·σ(x); dx = dy·(σ(x) + x·σ(x)·(1 − σ(x))), the product rule.</summary>
    public OpDef Swish() => OpDef.Define("Swish", arity: 1,
        forward: (x, _) => Map(x[0], v => v / (1 + Math.Exp(-v))),
        vjp: (y, dy) =>
        {
            var x = y.Inputs[0];
            var s = x.Sigmoid();
            return [dy * (s + x * s)];
        });

    /// <summary>The reference solution's.</summary>
    public OpDef Hypot() => Right.Hypot();
}
