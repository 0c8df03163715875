namespace Track

open Dual.Track

/// Project 5, activations and vanishing gradients. A reference solution, built on the dense layer of project 3.
type Activations() =
    let dense = DenseLayer() :> IDenseLayer
    let c = 0.7978845608028654   // √(2/π)
    let a = 0.044715

    let sigmoid (z: float) = 1.0 / (1.0 + exp -z)

    /// s(1 - s) with s = sigmoid(z).
    let sigmoidDerivative (z: float) : float =
        let s = sigmoid z
        s * (1.0 - s)

    /// 1 - tanh(z)².
    let tanhDerivative (z: float) : float =
        let t = tanh z
        1.0 - t * t

    /// 1 for z > 0, else 0 (0 at the kink).
    let reluDerivative (z: float) : float = if z > 0.0 then 1.0 else 0.0

    /// d/dz of ½z(1 + tanh u), u = √(2/π)(z + 0.044715z³): the product rule, then the chain rule inside tanh.
    let geluDerivative (z: float) : float =
        let t = tanh (c * (z + a * z * z * z))
        let du = c * (1.0 + 3.0 * a * z * z)
        0.5 * (1.0 + t) + 0.5 * z * (1.0 - t * t) * du

    let activate (activation: Activation) (z: float) : float =
        match activation with
        | Activation.Sigmoid -> sigmoid z
        | Activation.Tanh -> tanh z
        | Activation.Relu -> max z 0.0
        | Activation.Gelu -> 0.5 * z * (1.0 + tanh (c * (z + a * z * z * z)))
        | other -> invalidArg (nameof activation) $"no activation {other}"

    let derivative (activation: Activation) (z: float) : float =
        match activation with
        | Activation.Sigmoid -> sigmoidDerivative z
        | Activation.Tanh -> tanhDerivative z
        | Activation.Relu -> reluDerivative z
        | Activation.Gelu -> geluDerivative z
        | other -> invalidArg (nameof activation) $"no activation {other}"

    /// Project 4's backward pass with the activation's derivative at z; then √(Σ dW²) per layer.
    let gradientNorms (x: float[,]) (y: float[,]) (layers: DenseParameters list) (activation: Activation) : float[] =
        let last = List.length layers - 1
        // Each layer's input h and pre-activation z (the derivatives of relu and gelu need z, not h), and the output.
        let inputsAndZs, output =
            (x, List.indexed layers)
            ||> List.mapFold (fun h (l, layer) ->
                let z = dense.Forward(h, layer.W, layer.B)
                (h, z), (if l < last then Array2D.map (activate activation) z else z))
        let dOutput = output |> Array2D.mapi (fun i j o -> 2.0 * (o - y[i, j]) / float output.Length)
        // The z of the layer before each layer (none before the first, whose input is x).
        let zsBefore = (None :: List.map (snd >> Some) inputsAndZs) |> List.take layers.Length
        let _, norms =
            ((dOutput, []), List.zip3 layers inputsAndZs zsBefore |> List.rev)
            ||> List.fold (fun (dz, below) (layer, (h, _), zBefore) ->
                let g = dense.Backward(h, layer.W, layer.B, dz)
                let norm = g.DW |> Seq.cast<float> |> Seq.sumBy (fun v -> v * v) |> sqrt
                let dzBefore =
                    match zBefore with
                    | Some z -> g.DX |> Array2D.mapi (fun i k dx -> dx * derivative activation z[i, k])
                    | None -> g.DX
                dzBefore, norm :: below)
        Array.ofList norms

    interface IActivations with
        member _.SigmoidDerivative(z) = sigmoidDerivative z
        member _.TanhDerivative(z) = tanhDerivative z
        member _.ReluDerivative(z) = reluDerivative z
        member _.GeluDerivative(z) = geluDerivative z
        member _.GradientNorms(x, y, layers, activation) = gradientNorms x y (List.ofSeq layers) activation
