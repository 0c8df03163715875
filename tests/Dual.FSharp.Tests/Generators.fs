namespace Dual.FSharp.Tests

open FsCheck
open FsCheck.FSharp
open Dual

/// Fixed seeds, so CI runs the same cases every time and a failure reproduces.
module Seeds =
    /// Any fixed (seed, odd gamma) pair for FsCheck.Xunit's Replay; change it only on purpose.
    [<Literal>]
    let Replay = "20261128,11400714819323198485"

/// Exact comparisons with messages that say what differed.
module Same =

    /// Bit-for-bit equality of two tensors (Tensor.Equals compares every bit of every value and the shape).
    let tensor (label: string) (expected: Tensor) (actual: Tensor) : Property =
        expected.Equals actual
        |> Prop.label $"{label}: expected {expected}, got {actual} (max |diff| {if expected.Shape = actual.Shape then string (expected.MaxAbsDifference actual) else string nan})"

    /// Bit-for-bit equality of two gradient maps: the same keys, each value identical.
    let gradients (expected: Map<string, Tensor>) (actual: Map<string, Tensor>) : Property =
        let keys = (Map.keys expected |> List.ofSeq) = (Map.keys actual |> List.ofSeq) |> Prop.label $"gradient keys {Map.keys expected |> List.ofSeq} vs {Map.keys actual |> List.ofSeq}"
        (keys :: [ for KeyValue(k, e) in expected do
                     match Map.tryFind k actual with
                     | Some a -> tensor $"d/d{k}" e a
                     | None -> false |> Prop.label $"no gradient for {k}" ])
        |> List.reduce (.&.)

/// Small random sizes and seeds for building graphs on both surfaces.
module Gens =

    /// A dimension in [1, max].
    let dim (max: int) : Gen<int> = Gen.choose (1, max)

    /// A seed for the tensors' values.
    let seed : Gen<int> = Gen.choose (0, 1_000_000)
