// The seed's neuron in F#: z = w*x + b, a = sigmoid(z), loss = (a - y)^2, its gradients by the library's
// reverse mode, and the same numbers by the chain rule by hand. Prints the lines `dual neuron` prints.
//
// Run from anywhere, after building the F# library once:
//     dotnet build src/Dual.FSharp -c Release
//     dotnet fsi docs/examples/neuron.fsx
//
// Referencing: the script #r's the library's build output. Dual.FSharp.fsproj copies everything it depends on
// (Dual.Core, Dual.Models, MathNet.Numerics, System.Numerics.Tensors) into that one folder, so nothing is resolved
// from NuGet when the script runs: it works offline and from a clean clone. Paths are relative to this file.
#load "references.fsx"

open System
open System.Globalization
open Dual
open Dual.FSharp

// In an interactive session (dotnet fsi, then #load this file), tensors, graphs and parameter tables echo readably.
Fsi.install fsi

/// Round-trip formatting ("R"), culture-independent: the CLI's format.
let r (v: float) = v.ToString("R", CultureInfo.InvariantCulture)

let w, b, x, y = Expr.var "w" [], Expr.var "b" [], Expr.var "x" [], Expr.var "y" []
let z = w * x + b
let a = z |> Expr.sigmoid
let loss = (a - y) |> Expr.square

let env = Env.ofList [ "w", 0.5; "b", 0.1; "x", 1.5; "y", 1.0 ]
let zv, av, lossv =
    match Expr.evalMany env [ z; a; loss ] |> List.map Tensor.toScalar with
    | [ zv; av; lossv ] -> zv, av, lossv
    | values -> failwith $"expected three values, got {values}"

printfn "neuron: z = w*x + b, a = sigmoid(z), loss = (a - y)^2"
for name, value in Env.toList env do
    printfn $"{name} = {r (Tensor.toScalar value)}"
printfn $"z = {r zv}"
printfn $"a = {r av}"
printfn $"loss = {r lossv}"

// The chain rule by hand, from the forward values alone.
let dlossDa = 2.0 * (av - 1.0)
let daDz = av * (1.0 - av)
let handW = dlossDa * daDz * 1.5
let handB = dlossDa * daDz * 1.0
printfn $"dloss_da = 2(a - y) = {r dlossDa}"
printfn $"da_dz = a(1 - a) = {r daDz}"
printfn "dz_dw = x = 1.5"
printfn "dz_db = 1"
printfn $"dloss_dw = dloss_da * da_dz * dz_dw = {r handW}"
printfn $"dloss_db = dloss_da * da_dz * dz_db = {r handB}"

// The library's reverse mode: an F# tuple of the value and a Map of gradients.
let _, grads = loss |> Grad.valueAndGradWrt [ "w"; "b" ] env
let gradW, gradB = Tensor.toScalar grads.["w"], Tensor.toScalar grads.["b"]
printfn $"grad_w = {r gradW}"
printfn $"grad_b = {r gradB}"

let relError (actual: float) (expected: float) =
    abs (actual - expected) / max (max (abs expected) (abs actual)) 1e-12
let worst = max (relError gradW handW) (relError gradB handB)
let agree = worst <= 1e-9
let sci (v: float) = v.ToString("0.00e+00", CultureInfo.InvariantCulture)
if agree then
    printfn $"check: reverse mode agrees with the hand chain rule (max relative error {sci worst} <= {sci 1e-9})"
else
    printfn $"check: FAILED, reverse mode disagrees with the hand chain rule (max relative error {sci worst} > {sci 1e-9})"

// Gradients are expressions: the backward graph of dloss/dw, printed.
printfn "dloss/dw as a graph:"
printf "%s" (loss |> Grad.grad w |> Expr.toText)

if not agree then exit 1
