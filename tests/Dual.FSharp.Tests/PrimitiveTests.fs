namespace Dual.FSharp.Tests

open Xunit
open Dual
open Dual.FSharp

/// User-defined primitives from F#: defined, applied, differentiated, and checked like the built-ins.
module PrimitiveTests =

    let sigmoid = Primitive.unary "MySigmoid" (fun x -> 1.0 / (1.0 + exp -x)) (fun _ y dy -> dy * y * (1.0 - y))

    /// The learner's slip, kept as test data: the (1 − y) forgotten.
    let sigmoidForgotOneMinusY = Primitive.unary "MySigmoid" (fun x -> 1.0 / (1.0 + exp -x)) (fun _ y dy -> dy * y)

    let softplus =
        Primitive.define "MySoftplus" 1
            (fun inputs -> inputs.Head |> Tensor.map (fun v -> max v 0.0 + log (1.0 + exp (-(abs v)))))
            (fun y dy -> [ Some(dy * Expr.sigmoid (Primitive.inputs y).Head) ])

    /// An op with an attribute and a hand-written JVP: y = x for x > 0, else αx.
    let leakyRelu =
        Primitive.create
            { Primitive.rules "MyLeakyRelu" 1
                (fun inputs slope -> inputs.Head |> Tensor.map (fun v -> if v > 0.0 then v else unbox<float> slope * v))
                (fun y dy ->
                    let x = (Primitive.inputs y).Head
                    [ Some(dy * Expr.where (Expr.greater x (Expr.scalar 0.0)) (Expr.scalar 1.0) (Expr.scalar (Primitive.attribute<float> y))) ])
              with
                Jvp =
                    Some(fun y tangents ->
                        tangents.Head
                        |> Option.map (fun dx ->
                            let x = (Primitive.inputs y).Head
                            dx * Expr.where (Expr.greater x (Expr.scalar 0.0)) (Expr.scalar 1.0) (Expr.scalar (Primitive.attribute<float> y)))) }

    let few = PrimitiveCheckOptions.Default |> Primitive.withCases 10

    [<Fact>]
    let ``A sigmoid defined from scratch matches the built-in composite`` () =
        let x = Expr.var "x" [ 3 ]
        let env = Env.ofTensors [ "x", Tensor.vector [ -1.0; 0.5; 2.0 ] ]
        let mine = Primitive.apply sigmoid x
        Assert.True((mine |> Expr.eval env).AllClose(x |> Expr.sigmoid |> Expr.eval env, 1e-15, 1e-15))
        let _, g = mine |> Expr.sum |> Grad.valueAndGrad env
        let _, expected = x |> Expr.sigmoid |> Expr.sum |> Grad.valueAndGrad env
        Assert.True(g.["x"].AllClose(expected.["x"], 1e-14, 1e-15))
        Assert.Equal("%0 = MySigmoid(x) : [3]\n", Expr.toText mine)

    [<Fact>]
    let ``Right definitions pass the checks`` () =
        sigmoid |> Primitive.verifyWith few
        softplus |> Primitive.verifyWith few
        leakyRelu
        |> Primitive.verifyWith (few |> Primitive.withDomain Domain.AwayFromZero |> Primitive.withAttribute (fun c -> box (c.OneOf(0.01, 0.3))))

    [<Fact>]
    let ``A wrong rule is caught and the report names the operand and element`` () =
        match sigmoidForgotOneMinusY |> Primitive.tryCheck few with
        | Ok _ -> failwith "the wrong rule passed"
        | Error report ->
            Assert.StartsWith("MySigmoid: FAILED on case 1 of 10", report)
            Assert.Contains("operand 0 (a[]) element []: analytic", report)
        let e = Assert.Throws<PrimitiveCheckException>(fun () -> sigmoidForgotOneMinusY |> Primitive.verifyWith few)
        Assert.False(e.Report.Passed)

    [<Fact>]
    let ``The attribute reaches the rules and prints`` () =
        let x = Expr.var "x" [ 2 ]
        let y = Primitive.applyWith (box 0.5) leakyRelu [ x ]
        let env = Env.ofTensors [ "x", Tensor.vector [ -2.0; 3.0 ] ]
        Assert.Equal<float list>([ -1.0; 3.0 ], y |> Expr.eval env |> Tensor.toList)
        let _, g = y |> Expr.sum |> Grad.valueAndGrad env
        Assert.Equal<float list>([ 0.5; 1.0 ], g.["x"] |> Tensor.toList)
        Assert.Equal("%0 = MyLeakyRelu(x; 0.5) : [2]\n", Expr.toText y)

    [<Fact>]
    let ``Forward mode without a JVP rule is derived from the VJP`` () =
        let x = Expr.var "x" [ 2 ]
        let env = Env.ofTensors [ "x", Tensor.vector [ -0.4; 1.2 ] ]
        let _, tangent = Primitive.apply softplus x |> Grad.jvp env [ "x", Tensor.vector [ 1.0; -2.0 ] ]
        let s v = 1.0 / (1.0 + exp -v)
        let expected = [ s -0.4; -2.0 * s 1.2 ]
        List.iter2 (fun (e: float) (a: float) -> Assert.Equal(e, a, 14)) expected (Tensor.toList tangent)

    [<Fact>]
    let ``Second derivatives of a user op match the formula`` () =
        let x = Expr.var "x" []
        let d2 = Primitive.apply sigmoid x |> Grad.grad x |> Grad.grad x
        let s = 1.0 / (1.0 + exp -0.7)
        Assert.Equal(s * (1.0 - s) * (1.0 - 2.0 * s), d2 |> Expr.eval (Env.ofList [ "x", 0.7 ]) |> Tensor.toScalar, 14)

    [<Fact>]
    let ``The docs' F# leaky relu (no JVP rule) passes with an attribute drawn per case`` () =
        // As written in docs/custom-primitives.md.
        let leakyRelu =
            Primitive.create
                (Primitive.rules "MyLeakyRelu" 1
                    (fun inputs slope -> inputs.Head |> Tensor.map (fun v -> if v > 0.0 then v else unbox<float> slope * v))
                    (fun y dy ->
                        let x = (Primitive.inputs y).Head
                        let slope = Expr.scalar (Primitive.attribute<float> y)
                        [ Some(dy * Expr.where (Expr.greater x (Expr.scalar 0.0)) (Expr.scalar 1.0) slope) ]))
        let z = Expr.var "z" [ 3 ]
        let h = Primitive.applyWith (box 0.1) leakyRelu [ z ]
        Assert.Equal("%0 = MyLeakyRelu(z; 0.1) : [3]\n", Expr.toText h)
        leakyRelu
        |> Primitive.verifyWith (PrimitiveCheckOptions.Default
                                 |> Primitive.withDomain Domain.AwayFromZero
                                 |> Primitive.withAttribute (fun c -> box (c.OneOf(0.01, 0.3))))
