namespace Dual.FSharp

open System.Collections.Generic
open Dual
open Dual.FSharp.Internal

/// <summary>
/// Differentiation with F# results: gradients come back as <c>Map&lt;string, Tensor&gt;</c> and pairs as F# tuples.
/// The expression comes last, as everywhere in Dual.FSharp: <c>loss |> Grad.valueAndGrad env</c>.
/// Symbolic gradients (<see cref="grad"/>) are expressions, so they can be printed, evaluated or differentiated again.
/// </summary>
[<RequireQualifiedAccess>]
module Grad =

    let private ofCSharp (struct (value: Tensor, gradients: IReadOnlyDictionary<string, Tensor>)) =
        value, toMap gradients

    /// <summary>The value of a one-element loss and its gradient with respect to every variable it uses, by name.</summary>
    let valueAndGrad (env: Env) (loss: Expr) : Tensor * Map<string, Tensor> =
        Grad.ValueAndGrad(loss, env) |> ofCSharp

    /// <summary>The value of a one-element loss and its gradient with respect to the named variables only.</summary>
    let valueAndGradWrt (wrt: string list) (env: Env) (loss: Expr) : Tensor * Map<string, Tensor> =
        Grad.ValueAndGrad(loss, env, List.toArray wrt) |> ofCSharp

    /// <summary>
    /// <see cref="valueAndGrad"/>, with <c>Error message</c> for a loss that is not one element, an unbound
    /// variable (the message lists the bound ones) or a binding of the wrong shape.
    /// </summary>
    let tryValueAndGrad (env: Env) (loss: Expr) : Result<Tensor * Map<string, Tensor>, string> =
        attempt (fun () -> valueAndGrad env loss)

    /// <summary>
    /// The gradient expression of a one-element loss with respect to one variable (<c>loss |> Grad.grad w</c>),
    /// of the variable's shape. Differentiate it again for second derivatives: <c>f |> Grad.grad x |> Expr.sum |> Grad.grad x</c>.
    /// </summary>
    let grad (wrt: Expr) (loss: Expr) : Expr = (Grad.Of(loss, [| wrt |])).[0]

    /// <summary>The gradient expressions with respect to several variables, in order.</summary>
    let gradList (wrt: Expr list) (loss: Expr) : Expr list = Grad.Of(loss, List.toArray wrt) |> List.ofArray

    /// <summary>The gradient expressions with respect to every variable the loss uses, by name.</summary>
    let grads (loss: Expr) : Map<string, Expr> = Grad.Of(loss) |> toMap

    /// <summary>The value of y and its directional derivative (forward mode) when each named variable moves along its tangent.</summary>
    let jvp (env: Env) (tangents: (string * Tensor) list) (y: Expr) : Tensor * Tensor =
        let struct (value, tangent) = Grad.Jvp(y, env, Env.ofTensors tangents)
        value, tangent

    /// <summary>The vector-Jacobian product: the cotangents of the variables given the cotangent dy of y.</summary>
    let vjp (wrt: Expr list) (dy: Expr) (y: Expr) : Expr list = Grad.Vjp(y, dy, List.toArray wrt) |> List.ofArray

/// <summary>The gradient checks (finite differences, forward vs reverse, Taylor) with default options.</summary>
[<RequireQualifiedAccess>]
module GradCheck =

    /// <summary>Checks every variable of f at the point (f may be any shape; it is reduced to a scalar along a random direction).</summary>
    let run (at: Env) (f: Expr) : GradCheckReport = GradCheck.Run(f, at)

    /// <summary><see cref="run"/> with options (<c>{ GradCheckOptions.Default with Seed = 3 }</c> in C#; in F# <c>GradCheckOptions(Seed = 3)</c>).</summary>
    let runWith (options: GradCheckOptions) (at: Env) (f: Expr) : GradCheckReport = GradCheck.Run(f, at, options)

    /// <summary>Ok report when every check passes, else Error with the report's text.</summary>
    let check (at: Env) (f: Expr) : Result<GradCheckReport, string> =
        let report = GradCheck.Run(f, at)
        if report.Passed then Ok report else Error(report.ToString())
