namespace Dual.FSharp

open Dual

/// <summary>
/// Pretty-printers for F# Interactive. In a script: <c>Fsi.install fsi</c>, or one at a time:
/// <code>
/// fsi.AddPrinter&lt;Tensor&gt;(Fsi.tensor)
/// fsi.AddPrinter&lt;Expr&gt;(Fsi.expr)
/// fsi.AddPrinter&lt;Params&gt;(Fsi.parameters)
/// </code>
/// </summary>
[<RequireQualifiedAccess>]
module Fsi =

    /// <summary>A tensor as NumPy prints it (<c>tensor([1, 2], shape=[2])</c>).</summary>
    let tensor (t: Tensor) : string = t.ToString()

    /// <summary>An expression's shape, then its whole graph, one line per primitive.</summary>
    let expr (x: Expr) : string =
        let text = x.ToText().TrimEnd('\n')
        $"Expr {x.Shape}\n{text}"

    /// <summary>A table of paths, shapes and sizes, then the totals.</summary>
    let parameters (p: Params) : string = p.Summary()

    /// <summary>A gradient-check report: a line per variable, then forward-vs-reverse and the verdict.</summary>
    let report (r: GradCheckReport) : string = r.ToString()

    let private add<'T> (session: obj) (printer: 'T -> string) =
        let addPrinter =
            session.GetType().GetMethods()
            |> Array.tryFind (fun m -> m.Name = "AddPrinter" && m.IsGenericMethodDefinition && m.GetParameters().Length = 1)
        match addPrinter with
        | Some m -> m.MakeGenericMethod(typeof<'T>).Invoke(session, [| box printer |]) |> ignore
        | None -> invalidArg (nameof session) $"Fsi.install needs F# Interactive's fsi object; got a {session.GetType().FullName}."

    /// <summary>
    /// Registers the printers for Tensor, Expr, Params and GradCheckReport with F# Interactive: <c>Fsi.install fsi</c>
    /// at the top of a script. (fsi's <c>AddPrinter</c> is generic, so it is found on the session object by name.)
    /// </summary>
    let install (session: obj) : unit =
        add<Tensor> session tensor
        add<Expr> session expr
        add<Params> session parameters
        add<GradCheckReport> session report
