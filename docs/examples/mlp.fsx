// A tiny MLP learns XOR, in F#: a model { } expression declares the layers, Adam trains it, and the script
// prints the loss as it falls, the four predictions and the final accuracy.
//
// Run from anywhere, after building the F# library once:
//     dotnet build src/Dual.FSharp -c Release
//     dotnet fsi docs/examples/mlp.fsx
//
// Referencing: the library's build output, one folder holding Dual.FSharp and everything it depends on
// (see neuron.fsx and docs/fsharp.md). Paths are relative to this file.
#load "references.fsx"

open System.Globalization
open Dual
open Dual.Models
open Dual.FSharp

let r (v: float) = v.ToString("R", CultureInfo.InvariantCulture)
let f4 (v: float) = v.ToString("0.0000", CultureInfo.InvariantCulture)

// XOR: (0,0) -> 0, (0,1) -> 1, (1,0) -> 1, (1,1) -> 0.
let data = Datasets.Xor(LabelEncoding.ZeroOne)
let inputs = data.Inputs
let labels = data.Labels |> Tensor.toArray |> Tensor.ofArray [ 4; 1 ]

// The network: 2 -> 8 (tanh) -> 1 logit. Each dense layer takes its width, its scope name, then the input.
let net (x: Expr) =
    model {
        let! h = x |> Layers.denseInit Init.xavier 8 "l1"
        return! h |> Expr.tanh |> Layers.dense 1 "l2"
    }

let x, t = Expr.var "x" [ 4; 2 ], Expr.var "t" [ 4; 1 ]
let training =
    model {
        let! logits = net x
        return logits |> Losses.binaryCrossEntropy t
    }
    |> Model.build

printfn "mlp: 2 -> 8 (tanh) -> 1, binary cross-entropy, Adam(lr 0.05), XOR"
for path, dims in Model.parameters training do
    printfn $"  {path} {dims}"

let batch = Env.ofTensors [ "x", inputs; "t", labels ]
let initial = training |> Model.init 42
let steps = 300
let trained, losses = initial |> Training.run (Optim.adam 0.05) steps (fun _ -> batch) training
losses |> List.iteri (fun k loss -> if k % 50 = 0 || k = steps - 1 then printfn $"step {k} loss={f4 loss}")

// The same description built again gives the logits; the trained parameters bind its variables.
let logits = net x |> Model.build |> Model.value
let probabilities = logits |> Expr.sigmoid |> Expr.eval (trained |> Params.toEnv (Env.empty |> Env.add "x" inputs))
let predictions = probabilities |> Tensor.toList |> List.map (fun p -> if p > 0.5 then 1.0 else 0.0)
let targets = labels |> Tensor.toList
for i in 0..3 do
    printfn $"  x = ({inputs |> Tensor.item [ i; 0 ]}, {inputs |> Tensor.item [ i; 1 ]})  p = {f4 (probabilities |> Tensor.item [ i; 0 ])}  predicted {predictions.[i]}  target {targets.[i]}"
let accuracy = (List.map2 (fun p y -> if p = y then 1.0 else 0.0) predictions targets |> List.sum) / 4.0
printfn $"final loss = {r (List.last losses)}"
printfn $"accuracy = {accuracy}"
if accuracy <> 1.0 then exit 1
