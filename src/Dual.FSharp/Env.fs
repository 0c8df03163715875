namespace Dual.FSharp

open System.Collections.Generic
open Dual
open Dual.FSharp.Internal

/// <summary>
/// Bindings of variable names to values, from F# lists: <c>Env.ofList [ "w", 0.5; "b", 0.1 ]</c> for scalars,
/// <c>Env.ofTensors [ "x", xs; "y", ys ]</c> for tensors. A name bound twice is an <c>ArgumentException</c>.
/// </summary>
[<RequireQualifiedAccess>]
module Env =

    /// <summary>No bindings.</summary>
    let empty : Env = Env.Empty

    /// <summary>Bindings of names to tensors, in order.</summary>
    let ofTensors (bindings: (string * Tensor) list) : Env =
        Env.Of(bindings |> List.map (fun (name, value) -> KeyValuePair(name, value)))

    /// <summary>Bindings of names to scalars (rank-0 tensors), in order.</summary>
    let ofList (bindings: (string * float) list) : Env =
        ofTensors (bindings |> List.map (fun (name, value) -> name, Tensor.Scalar value))

    /// <summary>Bindings from a map (in key order).</summary>
    let ofMap (bindings: Map<string, Tensor>) : Env = ofTensors (Map.toList bindings)

    /// <summary>The bindings with one more (<c>env |> Env.add "x" xs</c>); the name must be new.</summary>
    let add (name: string) (value: Tensor) (env: Env) : Env = env.With(name, value)

    /// <summary>The bindings of both; the names must be distinct (<c>env |> Env.merge batch</c>).</summary>
    let merge (other: Env) (env: Env) : Env = env.With other

    /// <summary>Parameters as bindings, for evaluating a built model.</summary>
    let ofParams (parameters: Params) : Env = parameters.ToEnv()

    /// <summary>The bindings in order.</summary>
    let toList (env: Env) : (string * Tensor) list = env |> Seq.map (fun kv -> kv.Key, kv.Value) |> List.ofSeq

    /// <summary>The bindings as a map.</summary>
    let toMap (env: Env) : Map<string, Tensor> = toMap env

    /// <summary>The value bound to a name, if any.</summary>
    let tryFind (name: string) (env: Env) : Tensor option =
        match env.TryGetValue name with
        | true, value -> Some value
        | _ -> None
