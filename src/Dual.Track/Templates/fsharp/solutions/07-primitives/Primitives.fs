namespace Track

open Dual
open Dual.Track

/// Project 7, your own primitives. A reference solution.
type Primitives() =
    /// A tensor of x's shape with f applied to every element (for the forwards).
    let map (x: Tensor) (f: float -> float) : Tensor = Tensor.Generate(x.Shape, fun i -> f (x.Span[i]))

    /// y = ln(1 + eˣ) = max(x, 0) + ln(1 + e^−|x|), so exp never sees a positive number; dx = dy·σ(x).
    let softplus () : OpDef =
        OpDef.Define("Softplus", arity = 1,
            forward = (fun x _ -> map x[0] (fun v -> max v 0.0 + log (1.0 + exp -(abs v)))),
            vjp = (fun y dy -> [| dy * y.Inputs[0].Sigmoid() |]))

    /// y = x·σ(x); dx = dy·(σ(x) + x·σ(x)·(1 − σ(x))), the product rule.
    let swish () : OpDef =
        OpDef.Define("Swish", arity = 1,
            forward = (fun x _ -> map x[0] (fun v -> v / (1.0 + exp -v))),
            vjp = (fun y dy ->
                let x = y.Inputs[0]
                let s = x.Sigmoid()
                [| dy * (s + x * s * (1.0 - s)) |]))

    /// y = √(a² + b²); da = dy·a/y, db = dy·b/y.
    let hypot () : OpDef =
        OpDef.Define("Hypot", arity = 2,
            forward = (fun x _ -> Tensor.Generate(x[0].Shape, fun i -> sqrt (x[0].Span[i] * x[0].Span[i] + x[1].Span[i] * x[1].Span[i]))),
            vjp = (fun y dy -> [| dy * y.Inputs[0] / y; dy * y.Inputs[1] / y |]))

    interface IPrimitives with
        member _.Softplus() = softplus ()
        member _.Swish() = swish ()
        member _.Hypot() = hypot ()
