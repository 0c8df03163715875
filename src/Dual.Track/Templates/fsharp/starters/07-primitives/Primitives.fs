namespace Track

open Dual
open Dual.Track

/// Project 7, your own primitives: each function returns an op defined with OpDef.Define (a name, the number of
/// operands, a forward over tensors, and a VJP rule written as expressions: y is the node, y.Inputs its operands,
/// dy the cotangent of its output). Read README.md in this folder, then replace each TODO.
/// Check with `dual track check primitives`.
/// The grader calls the members of IPrimitives at the bottom; they call your functions.
/// Expr has the operators + - * / (with floats on either side) and methods such as x.Sigmoid() and x.Exp().
type Primitives() =
    /// A tensor of x's shape with f applied to every element (for the forwards).
    let map (x: Tensor) (f: float -> float) : Tensor = Tensor.Generate(x.Shape, fun i -> f (x.Span[i]))

    /// y = ln(1 + eˣ), finite even for x = 1000; dx = dy·σ(x).
    let softplus () : OpDef =
        OpDef.Define("Softplus", arity = 1,
            forward = (fun x _ -> raise (NotWrittenYetException "Softplus forward")),   // TODO: map x[0] (fun v -> ...)
            vjp = (fun y dy -> raise (NotWrittenYetException "Softplus VJP")))   // TODO: [| dy * ... |]

    /// y = x·σ(x); dx = dy·(σ(x) + x·σ(x)·(1 − σ(x))).
    let swish () : OpDef =
        OpDef.Define("Swish", arity = 1,
            forward = (fun x _ -> raise (NotWrittenYetException "Swish forward")),   // TODO
            vjp = (fun y dy -> raise (NotWrittenYetException "Swish VJP")))   // TODO

    /// y = √(a² + b²); da = dy·a/y, db = dy·b/y (one cotangent per operand, in order).
    let hypot () : OpDef =
        OpDef.Define("Hypot", arity = 2,
            forward = (fun x _ -> raise (NotWrittenYetException "Hypot forward")),   // TODO: x[0] is a, x[1] is b
            vjp = (fun y dy -> raise (NotWrittenYetException "Hypot VJP")))   // TODO: [| da; db |]

    interface IPrimitives with
        member _.Softplus() = softplus ()
        member _.Swish() = swish ()
        member _.Hypot() = hypot ()
