// A tiny GPT in F#: a transformer block written as a model { } expression from the F# layers, a GPT around it
// (embeddings, blocks, final norm, head), its parameter list compared with the C# Layers.Gpt, a gradient check
// of the whole loss (finite differences, forward vs reverse, Taylor), and a few Adam steps on one sequence.
//
// Run from anywhere, after building the F# library once:
//     dotnet build src/Dual.FSharp -c Release
//     dotnet fsi docs/examples/gpt.fsx
//
// Referencing: the library's build output, one folder holding Dual.FSharp and everything it depends on
// (see neuron.fsx and docs/fsharp.md). Paths are relative to this file.
#load "references.fsx"

open System.Globalization
open Dual
open Dual.Models
open Dual.FSharp

let f4 (v: float) = v.ToString("0.0000", CultureInfo.InvariantCulture)
let sci (v: float) = v.ToString("0.00e+00", CultureInfo.InvariantCulture)

// vocabulary 7, width 8, 2 heads, 2 layers, block 6; GPT-2 style (pre-LayerNorm, GELU, biases).
let config = GptConfig(7, 8, 2, 2, 6, InitStd = 0.3)

/// r = x + attn(ln1(x)); y = r + mlp(ln2(r)). Sizes and names first, the input last.
let block (x: Expr) =
    model {
        let! h = x |> Layers.norm config "ln1"
        let! a = h |> Layers.causalSelfAttention config "attn"
        let r = x + a
        let! h2 = r |> Layers.norm config "ln2"
        let! m =
            model {
                let! u = h2 |> Layers.dense config.MlpWidth "fc1"
                return! u |> Expr.gelu |> Layers.dense config.Width "fc2"
            }
            |> Model.named "mlp"
        return r + m
    }

/// Token ids [T] to logits [T, vocab]: token and position embeddings, the blocks h0, h1, the final norm, the head.
let gpt (tokens: Expr) =
    let length = Expr.lastDim tokens
    model {
        let! wte = Model.param "wte" [ config.VocabSize; config.Width ] (Init.normal config.InitStd)
        and! wpe = Model.param "wpe" [ config.BlockSize; config.Width ] (Init.normal config.InitStd)
        let positions = if length = config.BlockSize then wpe else wpe |> Expr.slice 0 0 length
        let x = (wte |> Expr.gather tokens) + positions
        let! h = x |> Model.repeat config.Layers (fun i h -> h |> block |> Model.named $"h{i}")
        let! hf = h |> Layers.norm config "ln_f"
        return! hf |> Layers.denseNoBias config.VocabSize "lm_head"
    }

// One sequence; the model predicts each next token.
let sequence = [ 1; 4; 2; 6; 3; 5; 0 ]
let length = sequence.Length - 1
let tokens = sequence |> List.take length |> List.map float |> Tensor.ofList [ length ] |> Expr.constant
let targets = sequence |> List.skip 1 |> List.map float |> Tensor.ofList [ length ] |> Expr.constant

let training =
    model {
        let! logits = gpt tokens
        return logits |> Losses.softmaxCrossEntropy targets
    }
    |> Model.build

let csharp = Layers.Gpt(tokens, config).Build()
let same = Model.parameters training = Model.parameters csharp
printfn $"gpt: vocab {config.VocabSize}, width {config.Width}, {config.Heads} heads, {config.Layers} layers, block {config.BlockSize}"
printfn $"parameters: {List.length (Model.parameters training)} tensors, {training.ParameterCount} values; same paths and shapes as Layers.Gpt: %b{same}"

// Gradient check of the whole loss at the initial parameters (norm gains and biases moved off 1 and 0).
let p0 =
    training
    |> Model.init 3
    |> Params.map (fun path t ->
        if path.EndsWith ".g" then Tensor.randomUniform path.Length 0.5 1.5 (Tensor.shape t)
        elif t.Rank = 1 then Tensor.randomUniform (path.Length + 100) -0.3 0.3 (Tensor.shape t)
        else t)
let report = training.Value |> GradCheck.run (Params.toEnv Env.empty p0)
let perElement = report.Variables |> Seq.filter (fun v -> v.PerElement) |> Seq.length
printfn $"gradcheck: {report.Variables.Count} variables ({perElement} element by element, {report.Variables.Count - perElement} along random directions), max abs error {sci report.MaxAbsError}, max rel error {sci report.MaxRelError}, forward vs reverse {sci report.ForwardReverseError}"

// A few Adam steps on the one sequence: the loss falls.
let trained, losses = p0 |> Training.run (Optim.adam 0.02) 60 (fun _ -> Env.empty) training
printfn $"training: loss {f4 (List.head losses)} -> {f4 (List.last losses)} in {losses.Length} Adam steps"
let fell = List.last losses < List.head losses / 2.0

let passed = report.Passed && same && fell
printfn "gpt gradcheck %s" (if report.Passed then "passed" else "FAILED")
if not report.Passed then printfn $"{report}"
if not passed then exit 1
