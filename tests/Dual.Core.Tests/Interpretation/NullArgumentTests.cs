namespace Dual.Tests.Interpretation;

/// <summary>
/// Every public entry point of Interpretation/ and Execution/ rejects a null argument up front, with an
/// <see cref="ArgumentNullException"/> naming the caller's parameter, rather than failing later inside
/// (a NullReferenceException, or an ArgumentNullException naming some internal parameter such as "key").
/// </summary>
public class NullArgumentTests
{
    private static readonly Expr X = Expr.Variable("x", [2]);
    private static readonly Expr Loss = (X * X).Sum();
    private static readonly Env Bound = Env.Of(("x", Tensor.Vector(1.0, 2.0)));
    private static readonly Tensor Dy = Tensor.Vector(1.0, 1.0);

    // A fresh loss per row: some checks matter only before a loss's first gradient program is cached.
    private static Expr FreshLoss() => (X * X).Sum();

    public static TheoryData<string, Action, string> Rows() => new()
    {
        { "Grad.Of(loss, Expr[])", () => Grad.Of(null!, X), "loss" },
        { "Grad.Of(loss)", () => Grad.Of(null!), "loss" },
        { "Grad.Of(loss, string[])", () => Grad.Of(null!, "x"), "loss" },
        { "Grad.Of(loss, null string[])", () => Grad.Of(Loss, (string[])null!), "wrt" },
        { "Grad.Of(loss, [null name])", () => Grad.Of(Loss, [(string)null!]), "name" },
        { "Grad.Adjoints(null loss)", () => Grad.Adjoints(null!, X), "loss" },
        { "Grad.Adjoints(null nodes)", () => Grad.Adjoints(Loss, null!), "nodes" },
        { "Grad.Adjoints([null node])", () => Grad.Adjoints(Loss, [null!]), "nodes" },
        { "Grad.ValueAndGrad(null wrt)", () => Grad.ValueAndGrad(FreshLoss(), Bound, (string[])null!), "wrt" },
        { "Grad.Compile(null, string[])", () => Grad.Compile(null!, "x"), "loss" },
        { "Grad.Compile(loss, null string[])", () => Grad.Compile(Loss, (string[])null!), "wrt" },
        { "Grad.Compile(null, wrt, inputs)", () => Grad.Compile(null!, [X], [X]), "loss" },
        { "Grad.Compile(loss, null wrt, inputs)", () => Grad.Compile(Loss, null!, [X]), "wrt" },
        { "Grad.Compile(loss, wrt, null inputs)", () => Grad.Compile(Loss, [X], null!), "inputs" },
        { "Grad.Compile(loss, wrt, [null input])", () => Grad.Compile(Loss, [X], [X, null!]), "inputs" },
        { "Grad.Vjp(null y, env, dy, Expr[])", () => Grad.Vjp(null!, Bound, Dy, X), "y" },
        { "Grad.Vjp(y, null env, dy, Expr[])", () => Grad.Vjp(X * 2.0, null!, Dy, X), "env" },
        { "Grad.Vjp(y, env, null dy, Expr[])", () => Grad.Vjp(X * 2.0, Bound, null!, X), "dy" },
        { "Grad.Vjp(y, env, dy, null Expr[])", () => Grad.Vjp(X * 2.0, Bound, Dy, (Expr[])null!), "wrt" },
        { "Grad.Vjp(y, env, dy, [null])", () => Grad.Vjp(X * 2.0, Bound, Dy, [(Expr)null!]), "wrt" },
        { "Grad.Vjp(null y, env, dy)", () => Grad.Vjp(null!, Bound, Dy), "y" },
        { "Grad.Vjp(null y, env, dy, string[])", () => Grad.Vjp(null!, Bound, Dy, "x"), "y" },
        { "Grad.Vjp(y, env, dy, null string[])", () => Grad.Vjp(X * 2.0, Bound, Dy, (string[])null!), "wrt" },
        { "Env.Of(null dictionary)", () => Env.Of((IEnumerable<KeyValuePair<string, Tensor>>)null!), "bindings" },
        { "Env.With(null env)", () => Bound.With((Env)null!), "other" },
        { "Graph.TopologicalOrder(null)", () => Graph.TopologicalOrder((IEnumerable<Expr>)null!), "roots" },
        { "Graph.TopologicalOrder([null])", () => Graph.TopologicalOrder([X, null!]), "root" },
        { "Evaluator.Evaluate(null root)", () => Evaluator.Evaluate((Expr)null!, Bound), "root" },
        { "Interpreter.Evaluate(null root)", () => Interpreter.Evaluate((Expr)null!, Bound), "root" },
        { "CompiledGradient.Evaluate(null)", () => Grad.Compile(Loss, X).Evaluate(null!), "inputs" },
        { "Interpreter.Evaluate(null roots)", () => Interpreter.Evaluate((IReadOnlyList<Expr>)null!, Bound), "roots" },
        { "Interpreter.Evaluate(roots, null env)", () => Interpreter.Evaluate([X * 2.0], null!), "env" },
        { "Evaluator.Evaluate(null roots)", () => Evaluator.Evaluate((IReadOnlyList<Expr>)null!, Bound), "roots" },
        { "Evaluator.Evaluate(roots, null env)", () => Evaluator.Evaluate([X * 2.0], null!), "env" },
        { "Env.Of(null pairs)", () => Env.Of(((string, Tensor)[])null!), "bindings" },
        { "Env.Of((null name, value))", () => Env.Of(((string)null!, Dy)), "name" },
        { "Env.Of((name, null value))", () => Env.Of(("x", (Tensor)null!)), "value" },
        { "Env.With(null name, value)", () => Bound.With((string)null!, Dy), "name" },
        { "Env.With(name, null value)", () => Bound.With("y", null!), "value" },
        { "Grad.Of(loss, null Expr[])", () => Grad.Of(Loss, (Expr[])null!), "wrt" },
        { "Grad.Vjp(null y, dy, Expr[])", () => Grad.Vjp(null!, Expr.Variable("d", [2]), X), "y" },
        { "Grad.Vjp(y, null dy, Expr[])", () => Grad.Vjp(X * 2.0, (Expr)null!, X), "dy" },
        { "Grad.Vjp(y, dy, null Expr[])", () => Grad.Vjp(X * 2.0, Expr.Variable("d", [2]), null!), "wrt" },
        { "Grad.Jvp(null y, tangents)", () => Grad.Jvp(null!, new Dictionary<string, Expr>()), "y" },
        { "Grad.Jvp(y, null tangents)", () => Grad.Jvp(X * 2.0, (IReadOnlyDictionary<string, Expr>)null!), "tangents" },
        { "Grad.Jvp(null y, env, tangents)", () => Grad.Jvp(null!, Bound, Bound), "y" },
        { "Grad.Jvp(y, null env, tangents)", () => Grad.Jvp(X * 2.0, null!, Bound), "env" },
        { "Grad.Jvp(y, env, null tangents)", () => Grad.Jvp(X * 2.0, Bound, (Env)null!), "tangents" },
        { "Grad.ValueAndGrad(null loss)", () => Grad.ValueAndGrad(null!, Bound, "x"), "loss" },
        { "Grad.ValueAndGrad(null env)", () => Grad.ValueAndGrad(FreshLoss(), null!, "x"), "env" },
        { "Grad.Compile(null, Expr[])", () => Grad.Compile(null!, new[] { X }), "loss" },
        { "Grad.Compile(loss, null Expr[])", () => Grad.Compile(Loss, (Expr[])null!), "wrt" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Rejects_null_naming_the_parameter(string entryPoint, Action call, string parameter)
    {
        var e = Assert.Throws<ArgumentNullException>(call);
        Assert.True(e.ParamName == parameter, $"{entryPoint}: the exception names '{e.ParamName}', not '{parameter}'.");
    }
}
