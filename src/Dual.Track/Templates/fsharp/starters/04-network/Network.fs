namespace Track

open System.Collections.Generic
open Dual.Track

/// Project 4, a network: dense layers with tanh between them, loss = mean((output - y)^2).
/// Read README.md in this folder, then replace each TODO. Check with `dual track check network`.
/// The grader calls the members of INetwork at the bottom; they call your functions.
type Network() =
    /// Your dense layer from project 3 (F# compiles 03-dense-layer before this file): the network's backward
    /// pass is the layers' backward passes, composed. Call it as dense.Forward(h, layer.W, layer.B).
    let dense = DenseLayer() :> IDenseLayer

    /// h = x; for each layer z = h·W + b, then h = tanh(z) except after the last layer. Returns the last h.
    let forward (x: float[,]) (layers: DenseParameters list) : float[,] =
        raise (NotWrittenYetException "Forward")   // TODO

    /// Forward (keep every layer's input and output), then backwards: dOutput = 2(output - y) / (number of elements);
    /// for each layer from the last: its DenseGradients from dz; then dz for the layer before = dX ⊙ (1 - h²).
    /// Return the gradients in the layers' order.
    let backward (x: float[,]) (y: float[,]) (layers: DenseParameters list) : DenseGradients list =
        raise (NotWrittenYetException "Backward")   // TODO

    interface INetwork with
        member _.Forward(x, layers) = forward x (List.ofSeq layers)
        member _.Backward(x, y, layers) = backward x y (List.ofSeq layers) :> IReadOnlyList<DenseGradients>
