namespace Dual.FSharp

open System
open Dual
open Dual.FSharp.Internal

/// <summary>Parameter initialisers (<c>Model.param "w" [ 3; 2 ] Init.kaiming</c>).</summary>
[<RequireQualifiedAccess>]
module Init =

    /// <summary>All zeros (biases).</summary>
    let zeros : Initializer = Dual.Init.Zeros

    /// <summary>All ones (norm gains).</summary>
    let ones : Initializer = Dual.Init.Ones

    /// <summary>Normal with mean 0 and the given standard deviation.</summary>
    let normal (std: float) : Initializer = Dual.Init.Normal std

    /// <summary>Uniform in [low, high).</summary>
    let uniform (low: float) (high: float) : Initializer = Dual.Init.Uniform(low, high)

    /// <summary>Xavier/Glorot uniform, for tanh and sigmoid layers.</summary>
    let xavier : Initializer = Dual.Init.Xavier

    /// <summary>Kaiming/He normal, for ReLU layers.</summary>
    let kaiming : Initializer = Dual.Init.Kaiming

    /// <summary>Always this tensor (its shape must match the parameter's): for known weights.</summary>
    let from (value: Tensor) : Initializer = Dual.Init.From value

    /// <summary>An initialiser from an F# function of the shape (as a list) and the parameter's own seeded generator.</summary>
    let custom (draw: int list -> Random -> Tensor) : Initializer =
        Initializer(fun shape random -> draw (dimsOf shape) random)

/// <summary>
/// The computation expression over <c>Model&lt;'T&gt;</c>: <c>let!</c> runs a description and binds its result,
/// <c>and!</c> declares side by side (the left one first), <c>return</c> ends, <c>return!</c> ends with a description,
/// <c>do!</c> runs a <c>Model&lt;unit&gt;</c>, and <c>if … then do! …</c> works without an <c>else</c>.
/// The body runs when the description is built, every time it is built, never when the <c>model { }</c> value is made.
/// </summary>
type ModelBuilder() =
    /// <summary><c>let! x = m</c>: runs m, then the rest with its result.</summary>
    member _.Bind(m: Model<'T>, f: 'T -> Model<'U>) : Model<'U> = m.SelectMany(Func<'T, Model<'U>>(f))

    /// <summary><c>let! x = m in return f x</c> without an extra step.</summary>
    member _.BindReturn(m: Model<'T>, f: 'T -> 'U) : Model<'U> = m.Select(Func<'T, 'U>(f))

    /// <summary><c>let! a = m1 and! b = m2</c>: m1 declares first, then m2.</summary>
    member _.MergeSources(m1: Model<'T>, m2: Model<'U>) : Model<'T * 'U> =
        m1.SelectMany(Func<'T, Model<'U>>(fun _ -> m2), Func<'T, 'U, 'T * 'U>(fun a b -> a, b))

    /// <summary><c>return x</c>: declares nothing.</summary>
    member _.Return(value: 'T) : Model<'T> = Model.Return value

    /// <summary><c>return! m</c>.</summary>
    member _.ReturnFrom(m: Model<'T>) : Model<'T> = m

    /// <summary>An <c>if</c> without <c>else</c>, or a body without <c>return</c>: declares nothing.</summary>
    member _.Zero() : Model<unit> = Model.Return()

    /// <summary>Runs <c>do!</c>-style statements in order.</summary>
    member _.Combine(first: Model<unit>, rest: Model<'T>) : Model<'T> = first.SelectMany(Func<unit, Model<'T>>(fun () -> rest))

    /// <summary>Defers the body to build time, so a description builds afresh each time.</summary>
    member _.Delay(body: unit -> Model<'T>) : Model<'T> = Model.Return().SelectMany(Func<unit, Model<'T>>(body))

/// <summary>The <c>model { }</c> builder; opened with <c>open Dual.FSharp</c>.</summary>
[<AutoOpen>]
module ModelBuilderInstance =
    /// <summary>
    /// Describes a model whose parameters are declared as it is composed:
    /// <code>
    /// let linear fanOut (x: Expr) = model {
    ///     let! w = Model.param "w" [ Expr.lastDim x; fanOut ] Init.kaiming
    ///     and! b = Model.param "b" [ fanOut ] Init.zeros
    ///     return (x @@ w) + b }
    /// </code>
    /// </summary>
    let model = ModelBuilder()

/// <summary>
/// Model descriptions (<c>Model&lt;'T&gt;</c>): declare, compose, name, build, initialise. The description comes
/// last so it pipes: <c>linear 3 x |> Model.named "l1" |> Model.build |> Model.init 0</c>.
/// </summary>
[<RequireQualifiedAccess>]
module Model =

    /// <summary>A description that declares nothing and produces the value.</summary>
    let ret (value: 'T) : Model<'T> = Dual.Model.Return value

    /// <summary>Declares a parameter in the current scope and produces its variable (path <c>scope.name</c>).</summary>
    let param (name: string) (dims: int list) (init: Initializer) : Model<Expr> = Dual.Model.Param(name, shapeOf dims, init)

    /// <summary>Puts every parameter the description declares under a scope (<c>attn.wq</c>).</summary>
    let named (scope: string) (m: Model<'T>) : Model<'T> = m.Named scope

    /// <summary>Maps the result (<c>x |> Layers.dense 4 "l1" |> Model.map Expr.relu</c>).</summary>
    let map (f: 'T -> 'U) (m: Model<'T>) : Model<'U> = m.Select(Func<'T, 'U>(f))

    /// <summary>Continues with a description built from the result (<c>|> Model.bind (Layers.dense 1 "l2")</c>).</summary>
    let bind (f: 'T -> Model<'U>) (m: Model<'T>) : Model<'U> = m.SelectMany(Func<'T, Model<'U>>(f))

    /// <summary>
    /// Applies <c>block i</c> for i = 0 … count−1, feeding each result to the next. Names are the blocks' own
    /// business: <c>x |> Model.repeat 2 (fun i h -> Layers.transformerBlock config $"h{i}" h)</c>.
    /// </summary>
    let repeat (count: int) (block: int -> 'T -> Model<'T>) (input: 'T) : Model<'T> =
        if count < 0 then invalidArg (nameof count) $"repeat needs a count >= 0, got {count}."
        Seq.fold (fun (m: Model<'T>) i -> m |> bind (block i)) (ret input) (seq { 0 .. count - 1 })

    /// <summary>The full path a name gets in the current scope.</summary>
    let pathOf (name: string) : Model<string> = Dual.Model.PathOf name

    /// <summary>Runs the description once: its result and its declared parameters.</summary>
    let build (m: Model<'T>) : Built<'T> = m.Build()

    /// <summary>
    /// <see cref="build"/>, with <c>Error message</c> for a parameter declared twice, an ill-shaped layer or
    /// expression (the message names the op, both shapes and the nearest scope), or an invalid name.
    /// </summary>
    let tryBuild (m: Model<'T>) : Result<Built<'T>, string> = attempt (fun () -> m.Build())

    /// <summary>Initial parameter values; each parameter's stream is seeded by (seed, path), the same on every machine.</summary>
    let init (seed: int) (built: Built<'T>) : Params = built.Init seed

    /// <summary>What the description produced.</summary>
    let value (built: Built<'T>) : 'T = built.Value

    /// <summary>The declared parameters as (path, shape), in declaration order.</summary>
    let parameters (built: Built<'T>) : (string * int list) list =
        built.Parameters |> Seq.map (fun p -> p.Path, dimsOf p.Shape) |> List.ofSeq

/// <summary>Parameter values (<c>Params</c>: ordered path → tensor) as F# collections.</summary>
[<RequireQualifiedAccess>]
module Params =

    /// <summary>(path, value) pairs in declaration order.</summary>
    let toList (p: Params) : (string * Tensor) list = p |> Seq.map (fun kv -> kv.Key, kv.Value) |> List.ofSeq

    /// <summary>The values as a map.</summary>
    let toMap (p: Params) : Map<string, Tensor> = toMap p

    /// <summary>Parameters from (path, value) pairs, in order.</summary>
    let ofList (values: (string * Tensor) list) : Params =
        Params.Of(values |> List.map (fun (k, v) -> Collections.Generic.KeyValuePair(k, v)))

    /// <summary>The value at a path, if present.</summary>
    let tryFind (path: string) (p: Params) : Tensor option =
        match p.TryGetValue path with
        | true, value -> Some value
        | _ -> None

    /// <summary>Each value replaced by <c>f path value</c>; keys and order stay.</summary>
    let map (f: string -> Tensor -> Tensor) (p: Params) : Params = p.Map(Func<string, Tensor, Tensor>(f))

    /// <summary>The parameters as bindings, plus the extra ones (inputs, targets).</summary>
    let toEnv (extra: Env) (p: Params) : Env = p.ToEnv extra

    /// <summary>The number of scalar values.</summary>
    let totalSize (p: Params) : int64 = p.TotalSize
