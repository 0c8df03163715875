namespace Dual.Track;

/// <summary>
/// Project 7, your own primitives: three ops defined through Dual's public custom-primitive API
/// (<see cref="OpDef.Define"/>), each a forward over tensors and a VJP rule written as expressions (a JVP rule is
/// optional). Dual's <see cref="PrimitiveCheck"/> grades each rule three ways: finite differences, forward vs reverse
/// mode, and the Taylor remainder.
/// </summary>
public interface IPrimitives
{
    /// <summary>Elementwise <c>y = ln(1 + eˣ)</c>, finite for every x; <c>dx = dy·σ(x)</c>. Arity 1.</summary>
    OpDef Softplus();

    /// <summary>Elementwise <c>y = x·σ(x)</c> ("swish" or SiLU); <c>dx = dy·(σ(x) + x·σ(x)·(1 − σ(x)))</c>. Arity 1.</summary>
    OpDef Swish();

    /// <summary>Elementwise <c>y = √(a² + b²)</c>; <c>da = dy·a/y</c>, <c>db = dy·b/y</c>. Arity 2, operands a then b.</summary>
    OpDef Hypot();
}
