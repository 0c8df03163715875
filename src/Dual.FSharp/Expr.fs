namespace Dual.FSharp

open Dual
open Dual.FSharp.Internal

/// <summary>
/// Expressions as pipeable F# functions. Arithmetic uses the operators defined on <c>Dual.Expr</c> itself
/// (<c>w * x + b</c>, <c>x * 2.0</c>, <c>1.0 - a</c>, <c>-x</c>); everything else is here, the expression last,
/// so <c>z |> Expr.tanh |> Expr.sum</c> pipes. Shapes are <c>int list</c> (<c>[]</c> for a scalar).
/// Any method of <c>Dual.Expr</c> (<c>x.Sum([| -1 |], keepDims = true)</c>) stays available with F# named arguments.
/// </summary>
[<RequireQualifiedAccess>]
module Expr =

    // ---- leaves ----

    /// <summary>A named input or parameter of the given shape, bound by an <c>Env</c> at evaluation.</summary>
    let var (name: string) (dims: int list) : Expr = Expr.Variable(name, shapeOf dims)

    /// <summary>A rank-0 constant.</summary>
    let scalar (value: float) : Expr = Expr.Scalar value

    /// <summary>A constant holding a tensor.</summary>
    let constant (value: Tensor) : Expr = Expr.Constant value

    /// <summary>A constant of zeros.</summary>
    let zeros (dims: int list) : Expr = Expr.Zeros(shapeOf dims)

    /// <summary>A constant of ones.</summary>
    let ones (dims: int list) : Expr = Expr.Ones(shapeOf dims)

    // ---- what an expression is ----

    /// <summary>The shape as a list of dimensions.</summary>
    let shape (x: Expr) : int list = dimsOf x.Shape

    /// <summary>The number of axes.</summary>
    let rank (x: Expr) : int = x.Rank

    /// <summary>The size of the last axis (the feature width a layer reads); throws <c>ShapeException</c> for a scalar.</summary>
    let lastDim (x: Expr) : int =
        if x.Rank = 0 then raise (ShapeException $"lastDim: a scalar has no last axis (shape {x.Shape}).")
        x.Shape.[x.Rank - 1]

    /// <summary>The variable's name, or None for any other node.</summary>
    let name (x: Expr) : string option = Option.ofObj x.Name

    /// <summary>The whole graph as numbered lines in evaluation order (<c>%2 = Add(%1, b) : []</c>).</summary>
    let toText (x: Expr) : string = x.ToText()

    /// <summary>The same function with constant arithmetic folded and identities (×1, +0, −−) removed.</summary>
    let simplify (x: Expr) : Expr = x.Simplify()

    /// <summary>
    /// One line of mathematics, simplified first, with the given subexpressions printed by name:
    /// <c>toFormula [ a, "a" ] g</c> reads <c>2(a − y) · a(1 − a) · x</c> for the neuron's gradient.
    /// </summary>
    let toFormula (names: (Expr * string) list) (x: Expr) : string =
        let named = System.Collections.Generic.Dictionary<Expr, string>(HashIdentity.Reference)
        for node, name in names do named[node] <- name
        x.ToFormula(named)

    // ---- elementwise ----

    /// <summary>−x.</summary>
    let neg (x: Expr) : Expr = -x

    /// <summary>eˣ.</summary>
    let exp (x: Expr) : Expr = x.Exp()

    /// <summary>The natural logarithm.</summary>
    let log (x: Expr) : Expr = x.Log()

    /// <summary>The hyperbolic tangent.</summary>
    let tanh (x: Expr) : Expr = x.Tanh()

    /// <summary>1 / (1 + e⁻ˣ).</summary>
    let sigmoid (x: Expr) : Expr = x.Sigmoid()

    /// <summary>max(x, 0).</summary>
    let relu (x: Expr) : Expr = x.Relu()

    /// <summary>GELU, tanh approximation.</summary>
    let gelu (x: Expr) : Expr = x.Gelu()

    /// <summary>√x.</summary>
    let sqrt (x: Expr) : Expr = x.Sqrt()

    /// <summary>|x|.</summary>
    let abs (x: Expr) : Expr = x.Abs()

    /// <summary>The sign of x (−1, 0 or 1; zero gradient).</summary>
    let sign (x: Expr) : Expr = x.Sign()

    /// <summary>x².</summary>
    let square (x: Expr) : Expr = x.Square()

    /// <summary>xᵖ (<c>x |> Expr.pow 3.0</c>).</summary>
    let pow (exponent: float) (x: Expr) : Expr = x.Pow exponent

    /// <summary>x in the forward pass, no gradient in the backward pass.</summary>
    let stopGradient (x: Expr) : Expr = x.StopGradient()

    /// <summary>The elementwise maximum.</summary>
    let maximum (a: Expr) (b: Expr) : Expr = a.Maximum b

    /// <summary>The elementwise minimum.</summary>
    let minimum (a: Expr) (b: Expr) : Expr = a.Minimum b

    /// <summary>1 where a &gt; b, else 0 (F#'s <c>&gt;</c> is structural comparison, so this is a function).</summary>
    let greater (a: Expr) (b: Expr) : Expr = a.Greater b

    /// <summary>1 where a &lt; b, else 0.</summary>
    let less (a: Expr) (b: Expr) : Expr = a.Less b

    /// <summary>whenTrue where condition is non-zero, else whenFalse (broadcasting).</summary>
    let where (condition: Expr) (whenTrue: Expr) (whenFalse: Expr) : Expr = Expr.Where(condition, whenTrue, whenFalse)

    // ---- reductions ----

    /// <summary>The sum of every element (a scalar).</summary>
    let sum (x: Expr) : Expr = x.Sum()

    /// <summary>The sum over the given axes (negative axes count from the end), which are dropped.</summary>
    let sumAxes (axes: int list) (x: Expr) : Expr = x.Sum(List.toArray axes)

    /// <summary>The mean of every element (a scalar).</summary>
    let mean (x: Expr) : Expr = x.Mean()

    /// <summary>The mean over the given axes, which are dropped.</summary>
    let meanAxes (axes: int list) (x: Expr) : Expr = x.Mean(List.toArray axes)

    /// <summary>The largest element (a scalar).</summary>
    let max (x: Expr) : Expr = x.Max()

    /// <summary>The maximum over the given axes, which are dropped.</summary>
    let maxAxes (axes: int list) (x: Expr) : Expr = x.Max(List.toArray axes)

    /// <summary>The population variance of every element (a scalar).</summary>
    let variance (x: Expr) : Expr = x.Variance()

    /// <summary>log Σ eˣ over the last axis, which is dropped.</summary>
    let logSumExp (x: Expr) : Expr = x.LogSumExp()

    /// <summary>Softmax over the last axis.</summary>
    let softmax (x: Expr) : Expr = x.Softmax()

    /// <summary>Softmax over the given axis.</summary>
    let softmaxAxis (axis: int) (x: Expr) : Expr = x.Softmax axis

    /// <summary>Log-softmax over the last axis.</summary>
    let logSoftmax (x: Expr) : Expr = x.LogSoftmax()

    /// <summary>Mean over rows of −log softmax(logits)[target]; targets hold class indices, shaped like the logits without their last axis.</summary>
    let softmaxCrossEntropy (logits: Expr) (targets: Expr) : Expr = Expr.SoftmaxCrossEntropy(logits, targets)

    // ---- linear algebra and layout ----

    /// <summary>The matrix product a·b over the last two axes (batch axes broadcast; a vector is a row on the left, a column on the right). Also the operator <c>a @@ b</c>.</summary>
    let matmul (a: Expr) (b: Expr) : Expr = a.MatMul b

    /// <summary><see cref="matmul"/>, with <c>Error message</c> (naming both shapes) when the inner dimensions differ.</summary>
    let tryMatmul (a: Expr) (b: Expr) : Result<Expr, string> = attempt (fun () -> a.MatMul b)

    /// <summary>The same values under a shape with as many elements.</summary>
    let reshape (dims: int list) (x: Expr) : Expr = x.Reshape(shapeOf dims)

    /// <summary><see cref="reshape"/>, with <c>Error message</c> when the sizes differ.</summary>
    let tryReshape (dims: int list) (x: Expr) : Result<Expr, string> = attempt (fun () -> x.Reshape(shapeOf dims))

    /// <summary>Axes permuted: output axis i is input axis <c>permutation[i]</c>.</summary>
    let transpose (permutation: int list) (x: Expr) : Expr = x.Transpose(List.toArray permutation)

    /// <summary>The last two axes swapped (a matrix transpose).</summary>
    let transposeLast (x: Expr) : Expr = x.T

    /// <summary>The values repeated to a larger shape under NumPy rules.</summary>
    let broadcastTo (dims: int list) (x: Expr) : Expr = x.BroadcastTo(shapeOf dims)

    /// <summary>Elements with index in [start, stop) along an axis.</summary>
    let slice (axis: int) (start: int) (stop: int) (x: Expr) : Expr = x.Slice(axis, start, stop)

    /// <summary>The expressions joined along an axis.</summary>
    let concat (axis: int) (parts: Expr list) : Expr = Expr.Concat(axis, List.toArray parts)

    /// <summary>Rows of <paramref name="table"/> picked along axis 0 by integer-valued <paramref name="indices"/> (<c>table |> Expr.gather ids</c>).</summary>
    let gather (indices: Expr) (table: Expr) : Expr = table.Gather(indices, 0)

    // ---- evaluation ----

    /// <summary>The value under the bindings (<c>loss |> Expr.eval env</c>).</summary>
    let eval (env: Env) (x: Expr) : Tensor = x.Evaluate env

    /// <summary>Several values from one shared plan (shared nodes evaluated once).</summary>
    let evalMany (env: Env) (xs: Expr list) : Tensor list = Evaluator.Evaluate(List.toArray xs, env) |> List.ofArray

    /// <summary><see cref="eval"/>, with <c>Error message</c> for an unbound variable or a binding of the wrong shape.</summary>
    let tryEval (env: Env) (x: Expr) : Result<Tensor, string> = attempt (fun () -> x.Evaluate env)

/// <summary>Operators on expressions; opened with <c>open Dual.FSharp</c>.</summary>
[<AutoOpen>]
module ExprOperators =

    /// <summary>
    /// The matrix product a·b (<see cref="Expr.matmul"/>). Like every F# operator starting with <c>@</c>, it binds
    /// more loosely than <c>+</c> and <c>*</c> and groups to the right: write <c>(x @@ w) + b</c>; <c>x @@ w + b</c>
    /// means <c>x @@ (w + b)</c>.
    /// </summary>
    let inline (@@) (a: Expr) (b: Expr) : Expr = a.MatMul b
