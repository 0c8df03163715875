namespace Track

open System.Collections.Generic
open Dual.Track

/// Project 4, a network: dense layers with tanh between them, loss = mean((output - y)^2). A reference solution,
/// built on the dense layer of project 3.
type Network() =
    let dense = DenseLayer() :> IDenseLayer

    /// Every layer's input, then the network's output: x, tanh(z1), ..., z_last.
    let activations (x: float[,]) (layers: DenseParameters list) : float[,] list =
        let last = List.length layers - 1
        (x, List.indexed layers)
        ||> List.scan (fun h (l, layer) ->
            let z = dense.Forward(h, layer.W, layer.B)
            if l < last then Array2D.map tanh z else z)

    /// h = x; for each layer z = h·W + b, then h = tanh(z) except after the last layer.
    let forward (x: float[,]) (layers: DenseParameters list) : float[,] = activations x layers |> List.last

    /// The layers' backward passes composed, from the loss back to the first layer.
    let backward (x: float[,]) (y: float[,]) (layers: DenseParameters list) : DenseGradients list =
        let hs = activations x layers
        let output = List.last hs
        let dOutput = output |> Array2D.mapi (fun i j o -> 2.0 * (o - y[i, j]) / float output.Length)
        let inputsAndLayers = List.zip (List.take layers.Length hs) layers |> List.rev
        let _, gradients =
            ((dOutput, []), inputsAndLayers)
            ||> List.fold (fun (dz, below) (h, layer) ->
                let g = dense.Backward(h, layer.W, layer.B, dz)
                // h = tanh(z of the layer before), so its dz = dX ⊙ (1 - h²) (unused after the first layer, where h = x).
                let dzBefore = g.DX |> Array2D.mapi (fun i k dx -> dx * (1.0 - h[i, k] * h[i, k]))
                dzBefore, g :: below)
        gradients

    interface INetwork with
        member _.Forward(x, layers) = forward x (List.ofSeq layers)
        member _.Backward(x, y, layers) = backward x y (List.ofSeq layers) :> IReadOnlyList<DenseGradients>
