namespace Dual.FSharp.Tests

open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open Dual
open Dual.FSharp

/// <summary>
/// The model { } expression is a monad on parameter declarations: left identity, right identity and
/// associativity hold for random declarations whose shapes depend on the bound value. "The same" means the same
/// declared parameters (paths, shapes, in order), the same printed result graph, and the same value when evaluated
/// at the same seed's initial parameters, bit for bit. Also: and! declares exactly what sequential let! declares.
/// </summary>
module ModelLawProperties =

    /// One extra parameter: a name unique within its arrow, a shape of rank 0–2, an initialiser by index.
    type Decl = { Name: string; Dims: int list; Init: int }

    /// A description-valued function: from a vector [k] it declares a weight [k, Out] (shape from the input)
    /// plus its extra parameters, optionally under a scope, and returns a vector [Out].
    type Arrow = { Tag: string; Out: int; Scope: string option; Extras: Decl list }

    let private inits = [| Init.zeros; Init.ones; Init.normal 0.5; Init.uniform -1.0 1.0; Init.xavier; Init.kaiming |]

    let private declGen (tag: string) (i: int) : Gen<Decl> =
        gen {
            let! rank = Gen.choose (0, 2)
            let! dims = Gen.listOfLength rank (Gen.choose (1, 3))
            let! init = Gen.choose (0, inits.Length - 1)
            return { Name = $"{tag}p{i}"; Dims = dims; Init = init }
        }

    let private arrowGen (tag: string) : Gen<Arrow> =
        gen {
            let! out = Gen.choose (1, 3)
            let! scoped = Gen.elements [ true; false ]
            let! count = Gen.choose (0, 3)
            let! extras = [ 0 .. count - 1 ] |> List.map (declGen tag) |> Gen.sequenceToList
            return { Tag = tag; Out = out; Scope = (if scoped then Some $"{tag}s" else None); Extras = extras }
        }

    /// The sum of all extras' elements, declared in order (a fold in the model expression itself).
    let private declareAll (decls: Decl list) : Model<Expr> =
        decls
        |> List.fold
            (fun acc d ->
                model {
                    let! total = acc
                    let! p = Model.param d.Name d.Dims inits.[d.Init]
                    return total + Expr.sum p
                })
            (Model.ret (Expr.scalar 0.0))

    let private apply (a: Arrow) (x: Expr) : Model<Expr> =
        let body =
            model {
                let! w = Model.param $"{a.Tag}w" [ Expr.lastDim x; a.Out ] Init.xavier
                let! extras = declareAll a.Extras
                return (x @@ w) * (1.0 + Expr.tanh extras)
            }
        match a.Scope with
        | Some scope -> body |> Model.named scope
        | None -> body

    /// m: declares a vector [k] (and the arrow's extras) and returns it.
    let private start (k: int) (a: Arrow) : Model<Expr> =
        model {
            let! v = Model.param $"{a.Tag}v" [ k ] Init.kaiming
            and! extras = declareAll a.Extras
            return v * (1.0 + Expr.tanh extras)
        }

    type Case = { K: int; M: Arrow; F: Arrow; G: Arrow; Seed: int }

    let private cases : Arbitrary<Case> =
        gen {
            let! k = Gen.choose (1, 4)
            let! m = arrowGen "m"
            let! f = arrowGen "f"
            let! g = arrowGen "g"
            let! seed = Gens.seed
            return { K = k; M = m; F = f; G = g; Seed = seed }
        }
        |> Arb.fromGen

    /// The input a left-identity law starts from.
    let private input (k: int) = Expr.var "a" [ k ]

    /// Both descriptions declare the same parameters and produce the same graph and value.
    let private equivalent (label: string) (k: int) (seed: int) (lhs: Model<Expr>) (rhs: Model<Expr>) : Property =
        let l, r = Model.build lhs, Model.build rhs
        let env (p: Params) = p |> Params.toEnv (Env.ofTensors [ ("a", Tensor.randomUniform seed -1.0 1.0 [ k ]) ])
        let lv = l.Value |> Expr.eval (env (Model.init seed l))
        let rv = r.Value |> Expr.eval (env (Model.init seed r))
        (Model.parameters l = Model.parameters r |> Prop.label $"{label}: parameters {Model.parameters l} vs {Model.parameters r}")
        .&. (Expr.toText l.Value = Expr.toText r.Value |> Prop.label $"{label}: graphs differ")
        .&. Same.tensor $"{label}: value" lv rv
        .&. (not (List.isEmpty (Model.parameters l)) |> Prop.label $"{label}: declared nothing (vacuous)")

    [<Property(Replay = Seeds.Replay, MaxTest = 100)>]
    let ``Left identity: binding a returned value is applying the function`` () =
        Prop.forAll cases (fun c ->
            let a = input c.K
            let lhs = model { let! x = Model.ret a in return! apply c.F x }
            equivalent "left identity" c.K c.Seed lhs (apply c.F a))

    [<Property(Replay = Seeds.Replay, MaxTest = 100)>]
    let ``Right identity: binding then returning is the description itself`` () =
        Prop.forAll cases (fun c ->
            let m = start c.K c.M
            equivalent "right identity (let!/return)" c.K c.Seed (model { let! x = m in return x }) m
            .&. equivalent "right identity (Model.bind Model.ret)" c.K c.Seed (m |> Model.bind Model.ret) m)

    [<Property(Replay = Seeds.Replay, MaxTest = 100)>]
    let ``Associativity: nesting binds either way declares and computes the same`` () =
        Prop.forAll cases (fun c ->
            let m = start c.K c.M
            let f, g = apply c.F, apply c.G
            let lhs = model { let! y = model { let! x = m in return! f x } in return! g y }
            let rhs = model { let! x = m in return! model { let! y = f x in return! g y } }
            equivalent "associativity" c.K c.Seed lhs rhs)

    [<Property(Replay = Seeds.Replay, MaxTest = 100)>]
    let ``and! declares in order exactly what sequential let! declares`` () =
        Prop.forAll cases (fun c ->
            let m = start c.K c.M
            let n = apply c.F (input c.K)
            let merged =
                model {
                    let! p = m
                    and! q = n
                    return Expr.sum p + Expr.sum q
                }
            let sequential = model { let! p = m in let! q = n in return Expr.sum p + Expr.sum q }
            equivalent "and! vs let!" c.K c.Seed merged sequential)
