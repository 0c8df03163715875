using Dual;

namespace Dual.Track.Tests.WrongSolutions.Primitives;

/// <summary>Wrong: softplus computed as ln(1 + eˣ) literally, which is ∞ for x above about 709.</summary>
public sealed class SoftplusOverflows : IPrimitives
{
    private static readonly IPrimitives Right = new global::Track.Primitives();

    /// <summary>A tensor of x's shape with f applied to every element (for the forwards).</summary>
    private static Tensor Map(Tensor x, Func<double, double> f) => Tensor.Generate(x.Shape, i => f(x.Span[i]));

    /// <summary>y = ln(1 + eˣ) = max(x, 0) + ln(1 + e^−|x|), so exp never sees a positive number; dx = dy·σ(x).</summary>
    public OpDef Softplus() => OpDef.Define("Softplus", arity: 1,
        forward: (x, _) => Map(x[0], v => Math.Log(1 + Math.Exp(v))),
        vjp: (y, dy) => [dy * y.Inputs[0].Sigmoid()]);

    /// <summary>The reference solution's.</summary>
    public OpDef Swish() => Right.Swish();

    /// <summary>The reference solution's.</summary>
    public OpDef Hypot() => Right.Hypot();
}
