namespace Dual.FSharp

open System
open Dual
open Dual.Models

/// <summary>
/// Layers as pipeable functions over <c>Dual.Models.Layers</c>. The argument order is the same everywhere:
/// <b>sizes and options first, then the scope name, then the input</b>, so <c>x |> Layers.dense 16 "l1"</c>
/// reads left to right, and the input (the only argument a pipeline supplies) comes last. A block's parameters
/// live under its name (<c>l1.w</c>, <c>l1.b</c>), so two layers in one scope cannot clash.
/// Whole networks (<see cref="neuron"/>, <see cref="mlp"/>, <see cref="gptTrunk"/>, <see cref="gpt"/>) take no
/// name: they declare the same root-level paths as their C# counterparts (<c>w</c>, <c>l0.w</c>, <c>h0.attn.wq</c>, <c>wte</c>),
/// so checkpoints are interchangeable; scope one with <c>Model.named</c>.
/// A layer is checked (sizes, shapes, heads) when the description is built, never where it is written, so
/// <c>Model.tryBuild</c> turns every layer error into <c>Error message</c>.
/// Every option of the C# layers stays reachable with F# named arguments: <c>Layers.Dense(x, 16, bias = false)</c>.
/// </summary>
[<RequireQualifiedAccess>]
module Layers =

    // The C# layers validate their arguments when called; deferring the call to build time means an F# layer
    // never throws where it is written, and Model.tryBuild reports every error as a Result.
    let private defer (layer: unit -> Model<Expr>) : Model<Expr> = Model.Return().SelectMany(Func<unit, Model<Expr>>(layer))

    /// <summary>y = x·W + b over the last axis: <c>name.w [in, fanOut]</c> (Kaiming), <c>name.b [fanOut]</c> (zeros).</summary>
    let dense (fanOut: int) (name: string) (x: Expr) : Model<Expr> = defer (fun () -> Dual.Models.Layers.Dense(x, fanOut).Named name)

    /// <summary>y = x·W over the last axis, without a bias: <c>name.w [in, fanOut]</c>.</summary>
    let denseNoBias (fanOut: int) (name: string) (x: Expr) : Model<Expr> =
        defer (fun () -> Dual.Models.Layers.Dense(x, fanOut, bias = false).Named name)

    /// <summary>y = x·W + b with W drawn by <paramref name="init"/> (<c>Init.xavier</c> for tanh layers).</summary>
    let denseInit (init: Initializer) (fanOut: int) (name: string) (x: Expr) : Model<Expr> =
        defer (fun () -> Dual.Models.Layers.Dense(x, fanOut, init = init).Named name)

    /// <summary>Layer normalisation over the last axis with gain <c>name.g</c> and bias <c>name.b</c>.</summary>
    let layerNorm (name: string) (x: Expr) : Model<Expr> = defer (fun () -> Dual.Models.Layers.LayerNorm(x).Named name)

    /// <summary>RMS normalisation over the last axis with gain <c>name.g</c>.</summary>
    let rmsNorm (name: string) (x: Expr) : Model<Expr> = defer (fun () -> Dual.Models.Layers.RmsNorm(x).Named name)

    /// <summary>The norm a GPT config asks for (LayerNorm or RMSNorm, with its gain, bias and epsilon) under a scope.</summary>
    let norm (config: GptConfig) (name: string) (x: Expr) : Model<Expr> = defer (fun () -> Dual.Models.Layers.Norm(x, config).Named name)

    /// <summary>Rows of a table <c>name.w [vocab, width]</c> picked by integer-valued indices (any shape S; result S + [width]).</summary>
    let embedding (vocab: int) (width: int) (name: string) (indices: Expr) : Model<Expr> =
        defer (fun () -> Dual.Models.Layers.Embedding(indices, vocab, width).Named name)

    /// <summary>The position-wise MLP fc2(gelu(fc1(x))), width → hidden → width (<c>name.fc1.w</c>, …).</summary>
    let feedForward (hidden: int) (name: string) (x: Expr) : Model<Expr> =
        defer (fun () -> Dual.Models.Layers.FeedForward(x, hidden).Named name)

    /// <summary>Multi-head causal self-attention over <c>[T, C]</c> or <c>[B, T, C]</c> (<c>name.wq</c>, <c>name.bq</c>, …, <c>name.wo</c>, <c>name.bo</c>).</summary>
    let attention (heads: int) (name: string) (x: Expr) : Model<Expr> =
        defer (fun () -> Dual.Models.Layers.CausalSelfAttention(x, heads).Named name)

    /// <summary>Causal self-attention with the heads, biases and initialisers of a GPT config.</summary>
    let causalSelfAttention (config: GptConfig) (name: string) (x: Expr) : Model<Expr> =
        defer (fun () -> Dual.Models.Layers.CausalSelfAttention(x, config).Named name)

    /// <summary>A pre-norm transformer block r = x + attn(ln1(x)); y = r + mlp(ln2(r)) (<c>name.ln1.g</c>, <c>name.attn.wq</c>, …).</summary>
    let transformerBlock (config: GptConfig) (name: string) (x: Expr) : Model<Expr> =
        defer (fun () -> Dual.Models.Layers.TransformerBlock(x, config).Named name)

    /// <summary>The seed's neuron sigmoid(w·x + b) with scalar parameters <c>w</c> and <c>b</c> (a whole network: no name).</summary>
    let neuron (x: Expr) : Model<Expr> = defer (fun () -> Dual.Models.Layers.Neuron(x))

    /// <summary>A multi-layer perceptron: a dense layer <c>l0, l1…</c> per width, ReLU between them (a whole network: no name).</summary>
    let mlp (widths: int list) (x: Expr) : Model<Expr> = defer (fun () -> Dual.Models.Layers.Mlp(x, List.toArray widths))

    /// <summary>A multi-layer perceptron with the given activation between layers (<c>Layers.mlpWith Expr.tanh [ 8; 1 ] x</c>).</summary>
    let mlpWith (activation: Expr -> Expr) (widths: int list) (x: Expr) : Model<Expr> =
        defer (fun () -> Dual.Models.Layers.Mlp(x, List.toArray widths, Func<Expr, Expr>(activation)))

    /// <summary>The GPT between embeddings and head: <c>ln_e</c>, blocks <c>h0, h1…</c>, <c>ln_f</c> as configured.</summary>
    let gptTrunk (config: GptConfig) (x: Expr) : Model<Expr> = defer (fun () -> Dual.Models.Layers.GptTrunk(x, config))

    /// <summary>A GPT from token ids <c>[T]</c> or <c>[B, T]</c> to logits <c>[…, VocabSize]</c> (<c>wte</c>, <c>wpe</c>, <c>h0.…</c>, <c>ln_f</c>, <c>lm_head.w</c>).</summary>
    let gpt (config: GptConfig) (tokens: Expr) : Model<Expr> = defer (fun () -> Dual.Models.Layers.Gpt(tokens, config))

/// <summary>
/// Losses, each a scalar expression averaged over its elements or rows. The target comes first and the
/// prediction last, so a prediction pipes in: <c>logits |> Losses.softmaxCrossEntropy targets</c>.
/// </summary>
[<RequireQualifiedAccess>]
module Losses =

    /// <summary>mean((prediction − target)²); the shapes must be equal.</summary>
    let mse (target: Expr) (prediction: Expr) : Expr = Dual.Models.Losses.MeanSquaredError(prediction, target)

    /// <summary>Binary cross-entropy of sigmoid(logits) against targets in [0, 1], computed stably from the logits.</summary>
    let binaryCrossEntropy (targets: Expr) (logits: Expr) : Expr = Dual.Models.Losses.BinaryCrossEntropyWithLogits(logits, targets)

    /// <summary>Mean over rows of −log softmax(logits)[target]; targets are class indices shaped like the logits without their last axis.</summary>
    let softmaxCrossEntropy (targets: Expr) (logits: Expr) : Expr = Dual.Models.Losses.SoftmaxCrossEntropy(logits, targets)

    /// <summary>mean(relu(1 − label·score)) for labels in {−1, +1}.</summary>
    let hinge (labels: Expr) (scores: Expr) : Expr = Dual.Models.Losses.Hinge(scores, labels)
