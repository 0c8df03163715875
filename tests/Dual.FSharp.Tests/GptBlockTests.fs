namespace Dual.FSharp.Tests

open Xunit
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open Dual
open Dual.Models
open Dual.FSharp

/// <summary>
/// A GPT block written in F# from the F# surface (norms, attention, and an MLP of two dense layers under one
/// scope) declares the parameters of <c>Layers.TransformerBlock</c>, computes the same values, and passes the
/// gradient check (finite differences, forward vs reverse, Taylor).
/// </summary>
module GptBlockTests =

    /// The pre-norm block, r = x + attn(ln1(x)); y = r + mlp(ln2(r)), in the model expression.
    let block (config: GptConfig) (x: Expr) : Model<Expr> =
        let dense = if config.Bias then Layers.dense else Layers.denseNoBias
        let activation = if config.Activation = GptActivation.Relu then Expr.relu else Expr.gelu
        model {
            let! h = x |> Layers.norm config "ln1"
            let! a = h |> Layers.causalSelfAttention config "attn"
            let r = x + a
            let! h2 = r |> Layers.norm config "ln2"
            let! m =
                model {
                    let! u = h2 |> dense config.MlpWidth "fc1"
                    return! u |> activation |> dense config.Width "fc2"
                }
                |> Model.named "mlp"
            return r + m
        }

    /// Norm gains and biases moved off 1 and 0, so that every parameter shows in the values and gradients.
    let private perturbed (p: Params) : Params =
        p
        |> Params.map (fun path t ->
            if path.EndsWith ".g" then Tensor.randomUniform path.Length 0.5 1.5 (Tensor.shape t)
            elif t.Rank = 1 then Tensor.randomUniform (path.Length + 100) -0.3 0.3 (Tensor.shape t)
            else t)

    let private checkBlock (config: GptConfig) (batch: int) (length: int) (seed: int) =
        let x = Expr.var "x" [ batch; length; config.Width ]
        let fs = block config x |> Model.build
        let cs = Dual.Models.Layers.TransformerBlock(x, config).Build()
        let p = cs.Init seed |> perturbed
        let env = p |> Params.toEnv (Env.ofTensors [ ("x", Tensor.randomUniform (seed + 1) -2.0 2.0 [ batch; length; config.Width ]) ])
        let csParams = cs.Parameters |> Seq.map (fun s -> s.Path, List.ofArray (s.Shape.ToArray())) |> List.ofSeq
        let report = GradCheck.run env fs.Value
        let label = $"block width={config.Width} heads={config.Heads} norm={config.Norm} act={config.Activation} bias={config.Bias} x=[{batch}, {length}, {config.Width}]"
        (Model.parameters fs = csParams |> Prop.label $"{label}: parameters {Model.parameters fs} vs {csParams}")
        .&. Same.tensor $"{label}: output" (Expr.eval env cs.Value) (Expr.eval env fs.Value)
        .&. (report.Passed |> Prop.label $"{label}: gradient check\n{report}")
        .&. (report.Variables.Count = csParams.Length + 1 |> Prop.label $"{label}: checked {report.Variables.Count} variables")

    [<Fact>]
    let ``The F# block passes the gradient check on the C# tests' configuration`` () =
        let config = GptConfig(7, 8, 2, 1, 5, InitStd = 0.3)
        let x = Expr.var "x" [ 2; 5; 8 ]
        let built = block config x |> Model.build
        let p = built |> Model.init 6 |> perturbed
        let env = p |> Params.toEnv (Env.ofTensors [ ("x", Tensor.randomUniform 7 -2.0 2.0 [ 2; 5; 8 ]) ])
        let report = GradCheck.run env built.Value
        Assert.True(report.Passed, report.ToString())
        // Large weights are checked along random directions, small ones element by element.
        Assert.Contains(report.Variables, fun v -> v.Name = "mlp.fc1.w" && not v.PerElement)
        Assert.Contains(report.Variables, fun v -> v.Name = "attn.wq" && v.PerElement)
        Assert.Equal(17, report.Variables.Count)
        Assert.Equal<string list>(
            [ "ln1.g"; "ln1.b"; "attn.wq"; "attn.bq"; "attn.wk"; "attn.bk"; "attn.wv"; "attn.bv"; "attn.wo"; "attn.bo"
              "ln2.g"; "ln2.b"; "mlp.fc1.w"; "mlp.fc1.b"; "mlp.fc2.w"; "mlp.fc2.b" ],
            Model.parameters built |> List.map fst)

    [<Property(Replay = Seeds.Replay, MaxTest = 20)>]
    let ``F# blocks match Layers.TransformerBlock and pass the gradient check on random small configurations`` () =
        let configs =
            gen {
                let! heads = Gen.choose (1, 2)
                let! headSize = Gen.choose (1, 3)
                let! length = Gen.choose (1, 3)
                let! batch = Gen.choose (1, 2)
                let! rms = Gen.elements [ true; false ]
                let! relu = Gen.elements [ true; false ]
                let! bias = Gen.elements [ true; false ]
                let! seed = Gens.seed
                let config =
                    GptConfig(5, heads * headSize, heads, 1, 4,
                              Norm = (if rms then GptNorm.RmsNorm else GptNorm.LayerNorm),
                              Activation = (if relu then GptActivation.Relu else GptActivation.Gelu),
                              Bias = bias, InitStd = 0.3, MlpRatio = 2)
                return config, batch, length, seed
            }
        Prop.forAll (Arb.fromGen configs) (fun (config, batch, length, seed) -> checkBlock config batch length seed)

    /// A whole GPT from F# pieces: embeddings declared with Model.param and picked with Expr.gather, the F# blocks
    /// h0, h1… by Model.repeat, the final norm and the head.
    let gpt (config: GptConfig) (tokens: Expr) : Model<Expr> =
        let length = Expr.lastDim tokens
        model {
            let! wte = Model.param "wte" [ config.VocabSize; config.Width ] (Init.normal config.InitStd)
            and! wpe = Model.param "wpe" [ config.BlockSize; config.Width ] (Init.normal config.InitStd)
            let positions = if length = config.BlockSize then wpe else wpe |> Expr.slice 0 0 length
            let x = (wte |> Expr.gather tokens) + positions
            let! h = x |> Model.repeat config.Layers (fun i h -> h |> block config |> Model.named $"h{i}")
            let! hf = h |> Layers.norm config "ln_f"
            return! hf |> Layers.denseNoBias config.VocabSize "lm_head"
        }

    [<Property(Replay = Seeds.Replay, MaxTest = 20)>]
    let ``A GPT written in F# is Layers.Gpt: same parameters, same graph, same loss and gradients`` () =
        let cases =
            gen {
                let! heads = Gen.choose (1, 2)
                let! headSize = Gen.choose (1, 3)
                let! layers = Gen.choose (1, 2)
                let! block = Gen.choose (2, 5)
                let! length = Gen.choose (1, block)
                let! vocab = Gen.choose (2, 6)
                let! ids = Gen.listOfLength (length + 1) (Gen.choose (0, vocab - 1))
                let! seed = Gens.seed
                return GptConfig(vocab, heads * headSize, heads, layers, block, InitStd = 0.3), ids, seed
            }
        Prop.forAll (Arb.fromGen cases) (fun (config, ids, seed) ->
            let length = ids.Length - 1
            let constant values = values |> List.map float |> Tensor.ofList [ length ] |> Expr.constant
            let tokens, targets = constant (List.take length ids), constant (List.tail ids)
            let fs = gpt config tokens |> Model.map (Losses.softmaxCrossEntropy targets) |> Model.build
            let cs = Dual.Models.Layers.Gpt(tokens, config).Select(fun logits -> Dual.Models.Losses.SoftmaxCrossEntropy(logits, targets)).Build()
            let env = cs.Init seed |> perturbed |> Params.toEnv Env.empty
            let fsValue, fsGrads = Grad.valueAndGrad env fs.Value
            let struct (csValue, csGrads) = Grad.ValueAndGrad(cs.Value, env)
            let label = $"vocab={config.VocabSize} width={config.Width} heads={config.Heads} layers={config.Layers} block={config.BlockSize} T={length}"
            (Model.parameters fs = Model.parameters cs |> Prop.label $"{label}: parameters differ")
            .&. (Expr.toText fs.Value = Expr.toText cs.Value |> Prop.label $"{label}: graphs differ")
            .&. Same.tensor $"{label}: loss" csValue fsValue
            .&. Same.gradients (csGrads |> Seq.map (fun kv -> kv.Key, kv.Value) |> Map.ofSeq) fsGrads)

    [<Fact>]
    let ``A GPT written in F# passes the gradient check of its loss`` () =
        let config = GptConfig(7, 8, 2, 2, 6, InitStd = 0.3)
        let ids = [ 1; 4; 2; 6; 3; 5; 0 ]
        let constant values = values |> List.map float |> Tensor.ofList [ 6 ] |> Expr.constant
        let built = gpt config (constant (List.take 6 ids)) |> Model.map (Losses.softmaxCrossEntropy (constant (List.tail ids))) |> Model.build
        let report = built.Value |> GradCheck.run (built |> Model.init 3 |> perturbed |> Params.toEnv Env.empty)
        Assert.True(report.Passed, report.ToString())
        Assert.Equal(37, report.Variables.Count)
