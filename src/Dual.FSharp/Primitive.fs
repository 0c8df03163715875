namespace Dual.FSharp

open System
open Dual

/// <summary>
/// The parts of a user-defined primitive, for <c>Primitive.create</c>. Start from <c>Primitive.rules</c> and
/// override what you need: <c>{ Primitive.rules "MyOp" 1 forward vjp with Jvp = Some jvp }</c>.
/// </summary>
type PrimitiveRules =
    { /// <summary>The name printed in graphs, errors and reports (identity is the definition, not the name).</summary>
      Name: string
      /// <summary>The number of operands.</summary>
      Arity: int
      /// <summary>The plain forward: the operands' values and the node's attribute (null when none) to the output value.</summary>
      Forward: Tensor list -> obj -> Tensor
      /// <summary>The reverse rule as expressions: the node y (operands <c>Primitive.inputs y</c>) and dy to one cotangent per operand (None for zero).</summary>
      Vjp: Expr -> Expr -> Expr option list
      /// <summary>The forward rule: y and each operand's tangent (None for zero) to the output tangent; None derives it from the VJP.</summary>
      Jvp: (Expr -> Expr option list -> Expr option) option
      /// <summary>The shape rule over the operands and the attribute; None means elementwise (every operand has the output's shape).</summary>
      Shape: (Expr list -> obj -> Shape) option }

/// <summary>
/// Primitives of your own, from F#: a forward, a VJP rule written as expressions (so it differentiates again),
/// an optional JVP rule (derived from the VJP by transposition when absent), checked like the built-ins.
/// <code>
/// let sigmoid = Primitive.unary "MySigmoid" (fun x -> 1.0 / (1.0 + exp -x)) (fun x y dy -> dy * y * (1.0 - y))
/// let a = Primitive.apply sigmoid z
/// Primitive.verify sigmoid   // in a test: throws with the report if a check fails
/// </code>
/// </summary>
[<RequireQualifiedAccess>]
module Primitive =

    /// <summary>The parts of a primitive with no JVP rule and the elementwise shape rule.</summary>
    let rules (name: string) (arity: int) (forward: Tensor list -> obj -> Tensor) (vjp: Expr -> Expr -> Expr option list) : PrimitiveRules =
        { Name = name; Arity = arity; Forward = forward; Vjp = vjp; Jvp = None; Shape = None }

    /// <summary>The primitive defined by its parts (a value you keep; nothing is registered).</summary>
    let create (r: PrimitiveRules) : OpDef =
        let forward = PrimitiveForward(fun inputs attribute -> r.Forward (List.ofSeq inputs) attribute)
        let vjp = VjpRule(fun y dy -> r.Vjp y dy |> List.map Option.toObj |> List.toArray)
        let jvp =
            match r.Jvp with
            | Some rule -> JvpRule(fun y tangents -> rule y (tangents |> Seq.map Option.ofObj |> List.ofSeq) |> Option.toObj)
            | None -> null
        let shape =
            match r.Shape with
            | Some rule -> ShapeRule(fun inputs attribute -> rule (List.ofSeq inputs) attribute)
            | None -> null
        OpDef.Define(r.Name, r.Arity, forward, vjp, jvp, shape)

    /// <summary>A primitive with no attribute: forward over the operands' values, VJP from y and dy.</summary>
    let define (name: string) (arity: int) (forward: Tensor list -> Tensor) (vjp: Expr -> Expr -> Expr option list) : OpDef =
        create (rules name arity (fun inputs _ -> forward inputs) vjp)

    /// <summary>An elementwise unary primitive: <c>f</c> per element, and the VJP from (x, y, dy) to dx.</summary>
    let unary (name: string) (f: float -> float) (vjp: Expr -> Expr -> Expr -> Expr) : OpDef =
        define name 1 (fun inputs -> Tensor.map f inputs.Head) (fun y dy -> [ Some(vjp y.Inputs.[0] y dy) ])

    /// <summary>The primitive applied to one operand.</summary>
    let apply (op: OpDef) (x: Expr) : Expr = op.Apply [| x |]

    /// <summary>The primitive applied to two operands.</summary>
    let apply2 (op: OpDef) (a: Expr) (b: Expr) : Expr = op.Apply [| a; b |]

    /// <summary>The primitive applied to its operands.</summary>
    let applyN (op: OpDef) (inputs: Expr list) : Expr = op.Apply(List.toArray inputs)

    /// <summary>The primitive applied to its operands with an attribute (an immutable value its rules read with <c>Primitive.attribute</c>).</summary>
    let applyWith (attribute: obj) (op: OpDef) (inputs: Expr list) : Expr = op.Apply(List.toArray inputs, attribute)

    /// <summary>A node's operands, in order (inside a rule: <c>Primitive.inputs y</c>).</summary>
    let inputs (y: Expr) : Expr list = List.ofSeq y.Inputs

    /// <summary>A node's attribute as the type it was given with (inside a rule: <c>Primitive.attribute&lt;float&gt; y</c>).</summary>
    let attribute<'T> (y: Expr) : 'T = unbox<'T> y.Attribute

    // ---- checking ----

    let private copy (o: PrimitiveCheckOptions) domain inputs attribute cases seed =
        PrimitiveCheckOptions(Domain = domain, Inputs = inputs, Attribute = attribute, Cases = cases, Seed = seed, GradCheck = o.GradCheck)

    /// <summary>The options with the operands' values drawn from a domain (<c>Domain.Positive</c> for a log…).</summary>
    let withDomain (domain: Domain) (o: PrimitiveCheckOptions) : PrimitiveCheckOptions =
        copy o domain o.Inputs o.Attribute o.Cases o.Seed

    /// <summary>The options with the operands drawn from the choices (shapes and domains, one per operand).</summary>
    let withInputs (draw: Choices -> InputSpec list) (o: PrimitiveCheckOptions) : PrimitiveCheckOptions =
        copy o o.Domain (Func<Choices, Collections.Generic.IReadOnlyList<InputSpec>>(fun c -> List.toArray (draw c) :> _)) o.Attribute o.Cases o.Seed

    /// <summary>The options with an attribute drawn from the choices for each case.</summary>
    let withAttribute (draw: Choices -> obj) (o: PrimitiveCheckOptions) : PrimitiveCheckOptions =
        copy o o.Domain o.Inputs (Func<Choices, obj>(draw)) o.Cases o.Seed

    /// <summary>The options with another number of cases.</summary>
    let withCases (cases: int) (o: PrimitiveCheckOptions) : PrimitiveCheckOptions =
        copy o o.Domain o.Inputs o.Attribute cases o.Seed

    /// <summary>The options with another seed (the same seed replays the same cases).</summary>
    let withSeed (seed: uint64) (o: PrimitiveCheckOptions) : PrimitiveCheckOptions =
        copy o o.Domain o.Inputs o.Attribute o.Cases seed

    /// <summary>Checks the primitive with the default options (finite differences, forward vs reverse, Taylor, kernel vs forward).</summary>
    let check (op: OpDef) : PrimitiveCheckReport = PrimitiveCheck.Run op

    /// <summary>Checks the primitive with options (<c>PrimitiveCheckOptions.Default |> Primitive.withDomain Domain.Positive</c>).</summary>
    let checkWith (options: PrimitiveCheckOptions) (op: OpDef) : PrimitiveCheckReport = PrimitiveCheck.Run(op, options)

    /// <summary>Ok report when every case passes, else Error with the report's text.</summary>
    let tryCheck (options: PrimitiveCheckOptions) (op: OpDef) : Result<PrimitiveCheckReport, string> =
        let report = PrimitiveCheck.Run(op, options)
        if report.Passed then Ok report else Error(report.ToString())

    /// <summary>The test assertion: checks with the options and throws <c>PrimitiveCheckException</c> carrying the report if any case fails.</summary>
    let verifyWith (options: PrimitiveCheckOptions) (op: OpDef) : unit = PrimitiveCheck.Assert(op, options) |> ignore

    /// <summary>The test assertion with the default options.</summary>
    let verify (op: OpDef) : unit = verifyWith PrimitiveCheckOptions.Default op
