namespace Dual.FSharp.Tests

open System
open Xunit
open Dual
open Dual.Models
open Dual.FSharp

/// The F# surface's own behaviour: conversions, Result variants, the builder's laziness, names, printers.
module SurfaceTests =

    let private isError (result: Result<'T, string>) (fragments: string list) =
        match result with
        | Ok value -> failwith $"expected Error, got Ok {value}"
        | Error message ->
            for f in fragments do
                Assert.Contains(f, message)

    [<Fact>]
    let ``The neuron's gradients are the worked example's numbers`` () =
        let w, b, x, y = Expr.var "w" [], Expr.var "b" [], Expr.var "x" [], Expr.var "y" []
        let loss = w * x + b |> Expr.sigmoid |> fun a -> (a - y) |> Expr.square
        let value, grads = loss |> Grad.valueAndGrad (Env.ofList [ "w", 0.5; "b", 0.1; "x", 1.5; "y", 1.0 ])
        Assert.Equal(-0.18843862599320765, grads.["w"] |> Tensor.toScalar)
        Assert.Equal(-0.12562575066213844, grads.["b"] |> Tensor.toScalar)
        Assert.Equal<string list>([ "b"; "w"; "x"; "y" ], grads |> Map.keys |> List.ofSeq)
        Assert.True(Tensor.toScalar value > 0.0)

    [<Fact>]
    let ``The neuron's symbolic gradient prints as the seed writes it`` () =
        let w, b, x, y = Expr.var "w" [], Expr.var "b" [], Expr.var "x" [], Expr.var "y" []
        let a = w * x + b |> Expr.sigmoid
        let g = (a - y) |> Expr.square |> Grad.gradList [ w ]
        Assert.Equal("2(a − y) · a(1 − a) · x", g.Head |> Expr.toFormula [ a, "a" ])
        Assert.DoesNotContain("Mul(1, 2)", g.Head |> Expr.simplify |> Expr.toText)

    [<Fact>]
    let ``Symbolic gradients are expressions that differentiate again`` () =
        let x = Expr.var "x" []
        let f = x * x * x
        let d2 = f |> Grad.grad x |> Grad.grad x // 6x
        Assert.Equal(12.0, d2 |> Expr.eval (Env.ofList [ "x", 2.0 ]) |> Tensor.toScalar)
        Assert.Equal<string list>([ "x" ], Grad.grads f |> Map.keys |> List.ofSeq)

    [<Fact>]
    let ``Forward mode gives the directional derivative`` () =
        let x = Expr.var "x" [ 2 ]
        let value, tangent = x |> Expr.square |> Expr.sum |> Grad.jvp (Env.ofTensors [ ("x", Tensor.vector [ 1.0; 2.0 ]) ]) [ ("x", Tensor.vector [ 1.0; 0.0 ]) ]
        Assert.Equal(5.0, Tensor.toScalar value)
        Assert.Equal(2.0, Tensor.toScalar tangent)

    [<Fact>]
    let ``Tensors round-trip through lists and 2-D arrays`` () =
        let t = [ 1.0 .. 6.0 ] |> Tensor.ofList [ 2; 3 ]
        Assert.Equal<int list>([ 2; 3 ], Tensor.shape t)
        Assert.Equal<float list>([ 1.0 .. 6.0 ], Tensor.toList t)
        Assert.Equal(6.0, t |> Tensor.item [ 1; 2 ])
        let a = Tensor.toArray2D t
        Assert.Equal(4.0, a.[1, 0])
        Assert.True((Tensor.ofArray2D a).Equals t)
        Assert.True((Tensor.ofRows [ [ 1.0; 2.0; 3.0 ]; [ 4.0; 5.0; 6.0 ] ]).Equals t)
        Assert.Equal(3.0, Tensor.scalar 3.0 |> Tensor.toScalar)
        Assert.Equal<int list>([], Tensor.scalar 3.0 |> Tensor.shape)
        Assert.Throws<ArgumentException>(fun () -> Tensor.vector [ 1.0 ] |> Tensor.toArray2D |> ignore) |> ignore

    [<Fact>]
    let ``Result variants turn the library's errors into messages`` () =
        isError (Tensor.tryOfList [ 2; 2 ] [ 1.0; 2.0; 3.0 ]) [ "[2, 2]"; "4"; "3" ]
        isError (Tensor.tryOfRows [ [ 1.0 ]; [ 1.0; 2.0 ] ]) [ "Row 1" ]
        isError (Expr.tryMatmul (Expr.var "a" [ 2; 3 ]) (Expr.var "b" [ 4; 5 ])) [ "MatMul"; "[2, 3]"; "[4, 5]" ]
        isError (Expr.var "a" [ 2; 3 ] |> Expr.tryReshape [ 5 ]) [ "[5]" ]
        isError (Expr.tryEval Env.empty (Expr.var "q" [])) [ "q" ]
        isError (Expr.var "w" [] * Expr.var "x" [] |> Grad.tryValueAndGrad (Env.ofList [ ("w", 1.0) ])) [ "x"; "w" ]
        isError (Expr.var "v" [ 2 ] |> Grad.tryValueAndGrad (Env.ofTensors [ ("v", Tensor.zeros [ 2 ]) ])) [ "[2]" ]
        isError (model { let! a = Model.param "w" [ 1 ] Init.zeros in let! b = Model.param "w" [ 1 ] Init.zeros in return a + b } |> Model.tryBuild) [ "'w'"; "twice" ]
        isError (Expr.var "x" [ 3; 4 ] |> Layers.attention 3 "attn" |> Model.tryBuild) [ "3 heads"; "width 4" ]
        match Expr.tryMatmul (Expr.var "a" [ 2; 3 ]) (Expr.var "b" [ 3; 5 ]) with
        | Ok product -> Assert.Equal<int list>([ 2; 5 ], Expr.shape product)
        | Error e -> failwith e

    [<Fact>]
    let ``Errors inside a model expression surface at build time, not when it is written`` () =
        let bad = model { return! Expr.var "x" [ 2; 3 ] |> Layers.attention 2 "attn" } // 2 heads do not divide 3
        isError (Model.tryBuild bad) [ "2 heads" ]

    [<Fact>]
    let ``A model expression runs afresh at each build`` () =
        let mutable runs = 0
        let m = model {
            runs <- runs + 1
            let! w = Model.param "w" [ 2 ] Init.ones
            return w }
        Assert.Equal(0, runs)
        let first, second = Model.build m, Model.build m
        Assert.Equal(2, runs)
        Assert.Equal<(string * int list) list>(Model.parameters first, Model.parameters second)
        Assert.False(obj.ReferenceEquals(first.Value, second.Value))

    [<Fact>]
    let ``if-then without else declares only on the taken branch`` () =
        let describe withBias = model {
            let! w = Model.param "w" [ 2; 2 ] Init.kaiming
            if withBias then
                do! Model.param "b" [ 2 ] Init.zeros |> Model.map ignore
            return w }
        Assert.Equal<string list>([ "w"; "b" ], describe true |> Model.build |> Model.parameters |> List.map fst)
        Assert.Equal<string list>([ "w" ], describe false |> Model.build |> Model.parameters |> List.map fst)

    [<Fact>]
    let ``Layers name their parameters under the given scope, the input last`` () =
        let x = Expr.var "x" [ 4; 3 ]
        let built =
            x
            |> Layers.dense 5 "l1"
            |> Model.map Expr.relu
            |> Model.bind (Layers.dense 2 "l2")
            |> Model.named "mlp"
            |> Model.build
        Assert.Equal<(string * int list) list>(
            [ "mlp.l1.w", [ 3; 5 ]; "mlp.l1.b", [ 5 ]; "mlp.l2.w", [ 5; 2 ]; "mlp.l2.b", [ 2 ] ],
            Model.parameters built)
        Assert.Equal<int list>([ 4; 2 ], Expr.shape built.Value)
        // The C# layers stay reachable beside the F# ones, with named optional arguments.
        let csharp = Dual.Models.Layers.Dense(x, 2, bias = false).Build()
        Assert.Equal<string list>([ "w" ], Model.parameters csharp |> List.map fst)

    [<Fact>]
    let ``Model.repeat feeds each block's result to the next`` () =
        let config = GptConfig(5, 4, 2, 2, 3)
        let built =
            Expr.var "x" [ 3; 4 ]
            |> Model.repeat 2 (fun i h -> h |> Layers.transformerBlock config $"h{i}")
            |> Model.build
        let csharp = Dual.Models.Layers.GptTrunk(Expr.var "x" [ 3; 4 ], GptConfig(5, 4, 2, 2, 3, FinalNorm = false)).Build()
        Assert.Equal<(string * int list) list>(Model.parameters csharp, Model.parameters built)

    [<Fact>]
    let ``The matmul operator binds like list append, more loosely than +`` () =
        let x, w, b = Expr.var "x" [ 2; 3 ], Expr.var "w" [ 3; 3 ], Expr.var "b" [ 3 ]
        Assert.Equal(Expr.toText (Expr.matmul x (w + b)), Expr.toText (x @@ w + b))
        Assert.Equal(Expr.toText (Expr.matmul x w + b), Expr.toText ((x @@ w) + b))

    [<Fact>]
    let ``Env and Params convert to F# collections in order`` () =
        let env = Env.ofList [ "b", 2.0; "a", 1.0 ] |> Env.add "c" (Tensor.vector [ 3.0 ])
        Assert.Equal<string list>([ "b"; "a"; "c" ], Env.toList env |> List.map fst)
        Assert.Equal(Some 1.0, Env.tryFind "a" env |> Option.map Tensor.toScalar)
        Assert.Equal(None, Env.tryFind "z" env)
        Assert.Throws<ArgumentException>(fun () -> Env.ofList [ "a", 1.0; "a", 2.0 ] |> ignore) |> ignore
        let p = Params.ofList [ "z", Tensor.scalar 1.0; "y", Tensor.ones [ 2 ] ]
        Assert.Equal<string list>([ "z"; "y" ], Params.toList p |> List.map fst)
        Assert.Equal(3L, Params.totalSize p)
        Assert.Equal(2.0, (p |> Params.map (fun _ t -> Tensor.map ((*) 2.0) t) |> Params.toMap).["z"] |> Tensor.toScalar)

    [<Fact>]
    let ``Initial values depend on the seed and the path only`` () =
        let one = model { return! Model.param "w" [ 3 ] (Init.normal 1.0) } |> Model.build |> Model.init 5
        let two =
            model {
                let! _ = Model.param "v" [ 7 ] (Init.normal 1.0)
                return! Model.param "w" [ 3 ] (Init.normal 1.0)
            }
            |> Model.build
            |> Model.init 5
        Assert.True((Params.toMap one).["w"].Equals((Params.toMap two).["w"]))
        let custom = Model.param "c" [ 2 ] (Init.custom (fun dims _ -> Tensor.full dims 7.0)) |> Model.build |> Model.init 0
        Assert.Equal<float list>([ 7.0; 7.0 ], (Params.toMap custom).["c"] |> Tensor.toList)

    [<Fact>]
    let ``An optimizer step and a training run return F# values`` () =
        let x, t = Expr.var "x" [ 4; 2 ], Expr.var "t" [ 4; 1 ]
        let data = Datasets.Xor(LabelEncoding.ZeroOne)
        let batch = Env.ofTensors [ "x", data.Inputs; "t", data.Labels |> Tensor.toArray |> Tensor.ofArray [ 4; 1 ] ]
        let built = x |> Layers.mlpWith Expr.tanh [ 8; 1 ] |> Model.map (Losses.binaryCrossEntropy t) |> Model.build
        let p0 = built |> Model.init 1
        let loss0, grads = p0 |> Training.valueAndGrad built batch
        let optimizer = Optim.adam 0.05
        let p1, state = (p0, Optim.init optimizer p0) |> Optim.step optimizer grads
        Assert.Equal(1, state.Step)
        Assert.Equal<string list>(Params.toList p0 |> List.map fst, Params.toList p1 |> List.map fst)
        let final, losses = p0 |> Training.run optimizer 200 (fun _ -> batch) built
        Assert.Equal(200, losses.Length)
        Assert.Equal(loss0, List.head losses)
        Assert.True(List.last losses < loss0 / 4.0, $"loss {loss0} -> {List.last losses}")
        Assert.Equal(Params.totalSize p0, Params.totalSize final)

    [<Fact>]
    let ``fsi printers show tensors, graphs and parameter tables`` () =
        Assert.Equal("tensor([1, 2], shape=[2])", Fsi.tensor (Tensor.vector [ 1.0; 2.0 ]))
        let text = Expr.var "x" [ 2 ] |> Expr.tanh |> Expr.sum |> Fsi.expr
        Assert.StartsWith("Expr []", text)
        Assert.Contains("Tanh(x) : [2]", text)
        let table = Expr.var "x" [ 3 ] |> Layers.dense 2 "l" |> Model.build |> Model.init 0 |> Fsi.parameters
        Assert.Contains("l.w", table)
        Assert.Contains("8 parameters", table)
        Assert.Throws<ArgumentException>(fun () -> Fsi.install (obj ())) |> ignore

    [<Fact>]
    let ``F#'s own exp, log, tanh, sqrt, abs and ** work on expressions`` () =
        let x = Expr.var "x" []
        let f = exp x + log x + tanh x + sqrt x + abs x + x ** 3.0
        let v = 0.7
        let value = f |> Expr.eval (Env.ofList [ "x", v ]) |> Tensor.toScalar
        let expected = Math.Exp v + Math.Log v + Math.Tanh v + Math.Sqrt v + abs v + v * v * v
        Assert.Equal(expected, value, 12)
