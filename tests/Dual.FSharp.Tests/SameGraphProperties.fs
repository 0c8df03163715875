namespace Dual.FSharp.Tests

open System
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open Dual
open Dual.Models
open Dual.FSharp

/// <summary>
/// The F# surface builds the same graphs as the C# one: on random shapes and values, the same printed graph,
/// the same declared parameters and initial values, and the same loss and gradients, bit for bit.
/// The C# side is written as an F# user without Dual.FSharp would write it: methods, Func lambdas, struct tuples.
/// </summary>
module SameGraphProperties =

    type Sizes = { Rows: int; In: int; Hidden: int; Out: int; Seed: int }

    let private sizes : Arbitrary<Sizes> =
        gen {
            let! rows = Gens.dim 4
            let! inputs = Gens.dim 4
            let! hidden = Gens.dim 5
            let! out = Gens.dim 3
            let! seed = Gens.seed
            return { Rows = rows; In = inputs; Hidden = hidden; Out = out; Seed = seed }
        }
        |> Arb.fromGen

    let private uniform seed dims = Tensor.randomUniform seed -2.0 2.0 dims

    /// Same loss, same printed graph, same value and gradients.
    let private sameLoss (label: string) (fsLoss: Expr) (csLoss: Expr) (env: Env) : Property =
        let fsValue, fsGrads = fsLoss |> Grad.valueAndGrad env
        let struct (csValue, csGrads) = Grad.ValueAndGrad(csLoss, env)
        let csMap = csGrads |> Seq.map (fun kv -> kv.Key, kv.Value) |> Map.ofSeq
        (fsLoss.ToText() = csLoss.ToText() |> Prop.label $"{label}: printed graphs differ\n{fsLoss.ToText()}\nvs\n{csLoss.ToText()}")
        .&. Same.tensor $"{label}: loss" csValue fsValue
        .&. Same.gradients csMap fsGrads
        .&. (fsGrads.Count = csGrads.Count |> Prop.label $"{label}: {fsGrads.Count} gradients vs {csGrads.Count}")

    /// Same parameters (paths, shapes, initial values at a seed), then <see cref="sameLoss"/> at those values.
    let private sameModel (label: string) (fsModel: Model<Expr>) (csModel: Model<Expr>) (inputs: Env) (seed: int) : Property =
        let fsBuilt = Model.build fsModel
        let csBuilt = csModel.Build()
        let csParams = csBuilt.Parameters |> Seq.map (fun p -> p.Path, List.ofArray (p.Shape.ToArray())) |> List.ofSeq
        let fsInit = fsBuilt |> Model.init seed
        let csInit = csBuilt.Init seed
        (Model.parameters fsBuilt = csParams |> Prop.label $"{label}: parameters {Model.parameters fsBuilt} vs {csParams}")
        .&. (List.forall2 (fun (k1, v1: Tensor) (k2, v2) -> k1 = k2 && v1.Equals v2) (Params.toList fsInit) (Params.toList csInit)
             |> Prop.label $"{label}: initial values differ")
        .&. sameLoss label fsBuilt.Value csBuilt.Value (fsInit |> Params.toEnv inputs)

    [<Property(Replay = Seeds.Replay, MaxTest = 100)>]
    let ``The neuron from F# bindings matches the neuron from C# bindings`` () =
        Prop.forAll (Arb.fromGen (Gen.four (Gen.choose (-300, 300)))) (fun (w, b, x, y) ->
            let w, b, x, y = float w / 100.0, float b / 100.0, float x / 100.0, float y / 100.0
            let fsLoss =
                let w, b, x, t = Expr.var "w" [], Expr.var "b" [], Expr.var "x" [], Expr.var "y" []
                w * x + b |> Expr.sigmoid |> fun a -> a - t |> Expr.square
            let csLoss =
                let w, b, x, t = Expr.Variable "w", Expr.Variable "b", Expr.Variable "x", Expr.Variable "y"
                ((w * x + b).Sigmoid() - t).Square()
            let fsEnv = Env.ofList [ "w", w; "b", b; "x", x; "y", y ]
            let csEnv = Env.Of([| struct ("w", Tensor.Scalar w); struct ("b", Tensor.Scalar b); struct ("x", Tensor.Scalar x); struct ("y", Tensor.Scalar y) |])
            let fsValue, fsGrads = fsLoss |> Grad.valueAndGradWrt [ "w"; "b" ] fsEnv
            let struct (csValue, csGrads) = Grad.ValueAndGrad(csLoss, csEnv, "w", "b")
            Same.tensor "loss" csValue fsValue
            .&. Same.tensor "grad_w" csGrads.["w"] fsGrads.["w"]
            .&. Same.tensor "grad_b" csGrads.["b"] fsGrads.["b"]
            .&. (fsLoss.ToText() = csLoss.ToText() |> Prop.label "printed graphs differ"))

    [<Property(Replay = Seeds.Replay, MaxTest = 100)>]
    let ``Pipelines of Expr functions build the graphs of the fluent C# methods`` () =
        Prop.forAll sizes (fun s ->
            let n, d, o = s.Rows, s.In, s.Out
            let x, w, b = Expr.var "x" [ n; d ], Expr.var "w" [ d; o ], Expr.var "b" [ o ]
            let fsLoss =
                let h = (x @@ w) + b
                let a = h |> Expr.gelu |> Expr.softmax
                let c = h |> Expr.transpose [ 1; 0 ] |> Expr.reshape [ o * n ] |> Expr.sigmoid |> Expr.sum
                let e = h |> Expr.logSoftmax |> Expr.exp |> Expr.relu |> Expr.meanAxes [ 0 ] |> Expr.sum
                let f = h |> Expr.tanh |> Expr.sumAxes [ 1 ] |> Expr.mean
                let g = h |> Expr.square |> Expr.pow 1.5 |> Expr.logSumExp |> Expr.max
                (a |> Expr.log |> Expr.mean) + c * e - f / (1.0 + g) |> Expr.neg
            let csLoss =
                let h = x.MatMul(w) + b
                let a = h.Gelu().Softmax()
                let c = h.Transpose(1, 0).Reshape(Shape.Of(o * n)).Sigmoid().Sum()
                let e = h.LogSoftmax().Exp().Relu().Mean([| 0 |]).Sum()
                let f = h.Tanh().Sum([| 1 |]).Mean()
                let g = h.Square().Pow(1.5).LogSumExp().Max()
                -(a.Log().Mean() + c * e - f / (1.0 + g))
            let env = Env.ofTensors [ "x", uniform s.Seed [ n; d ]; "w", uniform (s.Seed + 1) [ d; o ]; "b", uniform (s.Seed + 2) [ o ] ]
            sameLoss $"n={n} d={d} o={o}" fsLoss csLoss env)

    [<Property(Replay = Seeds.Replay, MaxTest = 100)>]
    let ``An MLP in a model expression declares and computes what the C# query declares and computes`` () =
        Prop.forAll sizes (fun s ->
            let x, t = Expr.var "x" [ s.Rows; s.In ], Expr.var "t" [ s.Rows; s.Out ]
            let fsModel =
                model {
                    let! h = x |> Layers.dense s.Hidden "l1"
                    let! y = h |> Expr.tanh |> Layers.dense s.Out "l2"
                    return y |> Losses.mse t
                }
            let csModel =
                Dual.Models.Layers.Dense(x, s.Hidden).Named("l1")
                    .SelectMany(fun h -> Dual.Models.Layers.Dense(h.Tanh(), s.Out).Named("l2"))
                    .Select(fun y -> Dual.Models.Losses.MeanSquaredError(y, t))
            let inputs = Env.ofTensors [ "x", uniform s.Seed [ s.Rows; s.In ]; "t", uniform (s.Seed + 1) [ s.Rows; s.Out ] ]
            sameModel $"mlp {s}" fsModel csModel inputs s.Seed)

    [<Property(Replay = Seeds.Replay, MaxTest = 50)>]
    let ``Norms, attention and cross-entropy through the F# layers match the C# layers`` () =
        let cases =
            gen {
                let! heads = Gen.choose (1, 2)
                let! headSize = Gen.choose (1, 3)
                let! length = Gen.choose (1, 4)
                let! seed = Gens.seed
                let! targets = Gen.listOfLength length (Gen.choose (0, heads * headSize - 1))
                return heads, headSize * heads, length, seed, targets
            }
        Prop.forAll (Arb.fromGen cases) (fun (heads, width, length, seed, targets) ->
            let x = Expr.var "x" [ length; width ]
            let labels = Expr.constant (Tensor.ofList [ length ] (targets |> List.map float))
            let fsModel =
                x
                |> Layers.layerNorm "ln"
                |> Model.bind (Layers.attention heads "attn")
                |> Model.bind (Layers.rmsNorm "rms")
                |> Model.map (Losses.softmaxCrossEntropy labels)
            let csModel =
                Dual.Models.Layers.LayerNorm(x).Named("ln")
                    .SelectMany(fun h -> Dual.Models.Layers.CausalSelfAttention(h, heads).Named("attn"))
                    .SelectMany(fun a -> Dual.Models.Layers.RmsNorm(a).Named("rms"))
                    .Select(fun r -> Dual.Models.Losses.SoftmaxCrossEntropy(r, labels))
            sameModel $"heads={heads} width={width} T={length}" fsModel csModel (Env.ofTensors [ ("x", uniform seed [ length; width ]) ]) seed)
