namespace Dual.FSharp

open System
open System.Collections.Generic
open Dual

/// Conversions at the edge between the C# library's types and F# ones. Not part of the public surface.
module internal Internal =

    /// An F# list of dimensions as a Dual shape ([] is a scalar).
    let shapeOf (dims: int list) : Shape = Shape.Of(List.toArray dims)

    /// A Dual shape as an F# list of dimensions.
    let dimsOf (shape: Shape) : int list = shape.ToArray() |> List.ofArray

    /// A read-only dictionary as an F# map (order is lost; keys are unique).
    let toMap (d: IEnumerable<KeyValuePair<string, 'V>>) : Map<string, 'V> =
        d |> Seq.map (fun kv -> kv.Key, kv.Value) |> Map.ofSeq

    /// Runs f and turns the library's validation errors into Error messages; any other exception propagates.
    let attempt (f: unit -> 'T) : Result<'T, string> =
        try
            Ok(f ())
        with
        | :? ShapeException as e -> Error e.Message
        | :? KeyNotFoundException as e -> Error e.Message
        | :? ArgumentException as e -> Error e.Message
        | :? InvalidOperationException as e -> Error e.Message
