using Dual;

namespace Dual.Track.Tests.WrongSolutions.Primitives;

/// <summary>Wrong: the VJP of softplus returns null ("no derivative") for its operand: a gradient that is always zero.</summary>
public sealed class SoftplusNullCotangent : IPrimitives
{
    /// <summary>A tensor of x's shape with f applied to every element (for the forwards).</summary>
    private static Tensor Map(Tensor x, Func<double, double> f) => Tensor.Generate(x.Shape, i => f(x.Span[i]));

    /// <summary>y = ln(1 + eˣ) = max(x, 0) + ln(1 + e^−|x|), so exp never sees a positive number; dx = dy·σ(x).</summary>
    public OpDef Softplus() => OpDef.Define("Softplus", arity: 1,
        forward: (x, _) => Map(x[0], v => Math.Max(v, 0) + Math.Log(1 + Math.Exp(-Math.Abs(v)))),
        vjp: (y, dy) => [null]);

    /// <summary>y = x·σ(x); dx = dy·(σ(x) + x·σ(x)·(1 − σ(x))), the product rule.</summary>
    public OpDef Swish() => OpDef.Define("Swish", arity: 1,
        forward: (x, _) => Map(x[0], v => v / (1 + Math.Exp(-v))),
        vjp: (y, dy) =>
        {
            var x = y.Inputs[0];
            var s = x.Sigmoid();
            return [dy * (s + x * s * (1.0 - s))];
        });

    /// <summary>y = √(a² + b²); da = dy·a/y, db = dy·b/y.</summary>
    public OpDef Hypot() => OpDef.Define("Hypot", arity: 2,
        forward: (x, _) => Tensor.Generate(x[0].Shape, i => Math.Sqrt(x[0].Span[i] * x[0].Span[i] + x[1].Span[i] * x[1].Span[i])),
        vjp: (y, dy) => [dy * y.Inputs[0] / y, dy * y.Inputs[1] / y]);
}
