namespace Dual.FSharp

open System
open Dual
open Dual.FSharp.Internal

/// <summary>
/// Tensors (immutable, float64, row-major) from F# lists and arrays, and back. Shapes are <c>int list</c>:
/// <c>[]</c> is a scalar, <c>[ 3 ]</c> a vector, <c>[ 2; 3 ]</c> a matrix. Data comes last, so
/// <c>[ 1.0; 2.0; 3.0; 4.0 ] |> Tensor.ofList [ 2; 2 ]</c> pipes.
/// </summary>
[<RequireQualifiedAccess>]
module Tensor =

    /// <summary>A rank-0 tensor.</summary>
    let scalar (value: float) : Tensor = Tensor.Scalar value

    /// <summary>A vector holding the values.</summary>
    let vector (values: float list) : Tensor = Tensor.Vector(List.toArray values)

    /// <summary>A tensor of shape <paramref name="dims"/> holding <paramref name="values"/> in row-major order; throws <c>ArgumentException</c> if their count is not the shape's size.</summary>
    let ofList (dims: int list) (values: float list) : Tensor =
        Tensor.FromArray(shapeOf dims, ReadOnlySpan<float>(List.toArray values))

    /// <summary><see cref="ofList"/>, with <c>Error message</c> when the values do not fill the shape.</summary>
    let tryOfList (dims: int list) (values: float list) : Result<Tensor, string> =
        attempt (fun () -> ofList dims values)

    /// <summary>A tensor of shape <paramref name="dims"/> holding a copy of <paramref name="values"/> in row-major order.</summary>
    let ofArray (dims: int list) (values: float[]) : Tensor =
        Tensor.FromArray(shapeOf dims, ReadOnlySpan<float>(values))

    /// <summary>A matrix from a 2-D array (<c>array2D [ [ 1.0; 2.0 ]; [ 3.0; 4.0 ] ]</c>).</summary>
    let ofArray2D (values: float[,]) : Tensor = Tensor.FromArray values

    /// <summary>A matrix from rows, which must all have the same length (else <c>ArgumentException</c>).</summary>
    let ofRows (rows: float list list) : Tensor =
        Tensor.FromRows(rows |> List.map List.toArray |> List.toArray)

    /// <summary><see cref="ofRows"/>, with <c>Error message</c> when the rows are ragged.</summary>
    let tryOfRows (rows: float list list) : Result<Tensor, string> = attempt (fun () -> ofRows rows)

    /// <summary>Zeros of the given shape.</summary>
    let zeros (dims: int list) : Tensor = Tensor.Zeros(shapeOf dims)

    /// <summary>Ones of the given shape.</summary>
    let ones (dims: int list) : Tensor = Tensor.Ones(shapeOf dims)

    /// <summary>Every element equal to <paramref name="value"/>.</summary>
    let full (dims: int list) (value: float) : Tensor = Tensor.Full(shapeOf dims, value)

    /// <summary>The vector <c>0.0 … n-1</c>.</summary>
    let arange (n: int) : Tensor = Tensor.Arange n

    /// <summary>A tensor whose element at flat row-major index i is <c>valueAt i</c>.</summary>
    let init (dims: int list) (valueAt: int -> float) : Tensor = Tensor.Generate(shapeOf dims, Func<int, float>(valueAt))

    /// <summary>Standard normal values from MathNet's Mersenne Twister seeded with <paramref name="seed"/> (the same on every machine).</summary>
    let randomNormal (seed: int) (dims: int list) : Tensor = Tensor.RandomNormal(shapeOf dims, seed)

    /// <summary>Values uniform in [low, high), seeded like <see cref="randomNormal"/>.</summary>
    let randomUniform (seed: int) (low: float) (high: float) (dims: int list) : Tensor =
        Tensor.RandomUniform(shapeOf dims, seed, low, high)

    /// <summary>The shape as a list of dimensions (<c>[]</c> for a scalar).</summary>
    let shape (t: Tensor) : int list = dimsOf t.Shape

    /// <summary>A copy of the values in row-major order.</summary>
    let toArray (t: Tensor) : float[] = t.ToArray()

    /// <summary>The values in row-major order.</summary>
    let toList (t: Tensor) : float list = t.ToArray() |> List.ofArray

    /// <summary>A rank-2 tensor as a 2-D array; throws <c>ArgumentException</c> for another rank.</summary>
    let toArray2D (t: Tensor) : float[,] =
        if t.Rank <> 2 then
            invalidArg (nameof t) $"toArray2D needs a rank-2 tensor; this one has shape {t.Shape}."
        let data = t.ToArray()
        let cols = t.Shape.[1]
        Array2D.init t.Shape.[0] cols (fun i j -> data.[i * cols + j])

    /// <summary>The value of a one-element tensor.</summary>
    let toScalar (t: Tensor) : float = t.ToScalar()

    /// <summary>The element at <paramref name="index"/> (one entry per axis; negative entries count from the end).</summary>
    let item (index: int list) (t: Tensor) : float = t.[List.toArray index]

    /// <summary>A new tensor of the same shape with <paramref name="f"/> applied to every element.</summary>
    let map (f: float -> float) (t: Tensor) : Tensor =
        let data = t.ToArray()
        Tensor.Generate(t.Shape, Func<int, float>(fun i -> f data.[i]))

    /// <summary>The largest absolute elementwise difference (the shapes must be equal).</summary>
    let maxAbsDiff (a: Tensor) (b: Tensor) : float = a.MaxAbsDifference b
