namespace Dual.Tests.Interpretation;

/// <summary>
/// Every rejection of Interpretation/ and Execution/, word for word: the exception type and the exact message
/// (with the parameter it names), so that a message that says nothing, or a check that stops firing and lets a
/// later one speak instead, is caught.
/// </summary>
public class RejectionMessageTests
{
    private static readonly Expr X = Expr.Variable("x", [2]);
    private static readonly Expr Y = Expr.Variable("y", [2]);
    private static readonly Expr Z = Expr.Variable("z", [2]);
    private static readonly Expr S = Expr.Variable("s");
    private static readonly Expr LossX = (X * X).Sum();
    private static readonly Expr LossXY = (X * Y).Sum();
    private static readonly Tensor Two = Tensor.Vector(1.0, 2.0);
    private static readonly Tensor Three = Tensor.Vector(1.0, 2.0, 3.0);
    private static readonly Env BoundXY = Env.Of(("x", Two), ("y", Two));

    public static TheoryData<string, Action, Type, string> Rows() => new()
    {
        // Interpretation/
        { "a binding named with whitespace", () => Env.Of(("a b", Two)), typeof(ArgumentException),
            "A variable name must be non-empty and contain no whitespace, got \"a b\". (Parameter 'name')" },
        { "a binding added under an empty name", () => BoundXY.With("", Two), typeof(ArgumentException),
            "A variable name must be non-empty and contain no whitespace, got \"\". (Parameter 'name')" },
        { "Compile of a non-scalar loss naming a variable twice: the loss's shape speaks first", () => Grad.Compile(X * 2.0, X, X), typeof(ShapeException),
            "Gradients need a one-element loss; this one has shape [2]. Use Grad.Vjp with a cotangent for other outputs." },
        { "a name bound twice", () => Env.Of(("x", Two), ("x", Two)), typeof(ArgumentException),
            "Variable 'x' is bound twice. (Parameter 'bindings')" },
        { "the reference interpreter, a binding of the wrong shape", () => Interpreter.Evaluate(X * 2.0, Env.Of(("x", Three))), typeof(ShapeException),
            "Variable 'x' has shape [2] but is bound to a tensor of shape [3]." },
        { "a tangent of the wrong shape", () => Grad.Jvp(X * 2.0, new Dictionary<string, Expr> { ["x"] = Expr.Variable("t", [3]) }), typeof(ShapeException),
            "The tangent of 'x' has shape [3]; the variable has [2]." },
        { "a symbolic cotangent of the wrong shape", () => Grad.Vjp(X * 2.0, Expr.Variable("d", [3]), X), typeof(ShapeException),
            "The cotangent has shape [3]; it must match the output's [2]." },
        { "a symbolic vjp against a constant", () => Grad.Vjp(X * 2.0, Expr.Variable("d", [2]), Expr.Scalar(2.0)), typeof(ArgumentException),
            "Gradients are taken with respect to variables; got 2. (Parameter 'wrt')" },
        { "a numeric cotangent of the wrong shape", () => Grad.Vjp(X * 2.0, BoundXY, Three, X), typeof(ShapeException),
            "The cotangent has shape [3]; it must match the output's [2]." },
        { "a name that is no variable of the expression", () => Grad.Of(LossXY, "z"), typeof(ArgumentException),
            "'z' is not a variable of the expression. Its variables: x, y. (Parameter 'wrt')" },
        { "a tangent for a name neither used nor bound", () => Grad.Jvp(LossXY, BoundXY, Env.Of(("z", Two))), typeof(ArgumentException),
            "A tangent is given for 'z', which is neither used by the expression nor bound. It uses: x, y. (Parameter 'tangents')" },
        { "ValueAndGrad against a name that is no variable of the loss", () => Grad.ValueAndGrad((X * Y).Sum(), BoundXY, "z"), typeof(ArgumentException),
            "'z' is not a variable of the loss. Its variables: x, y. Bound: x, y. (Parameter 'name')" },
        { "Compile naming a variable twice", () => Grad.Compile(LossX, X, X), typeof(ArgumentException),
            "A variable is named twice. (Parameter 'wrt')" },
        { "Compile against a variable missing from the inputs", () => Grad.Compile(LossXY, [X, Y], [X]), typeof(ArgumentException),
            "'y' is differentiated against but is not among the inputs. (Parameter 'inputs')" },
        { "Compile with a constant among the inputs", () => Grad.Compile(LossX, [X], [X, Expr.Scalar(2.0)]), typeof(ArgumentException),
            "Gradients are taken with respect to variables; got 2. (Parameter 'inputs')" },
        { "Compile of a non-scalar loss: the loss's shape is checked before the variables", () => Grad.Compile(X * 2.0, [Y], [X]), typeof(ShapeException),
            "Gradients need a one-element loss; this one has shape [2]. Use Grad.Vjp with a cotangent for other outputs." },

        // Execution/
        { "an input listed twice", () => Grad.Compile(LossX, [X], [X, X]), typeof(ArgumentException),
            "Input 'x' is listed twice. (Parameter 'inputs')" },
        { "a variable of the loss missing from the inputs", () => Grad.Compile(LossXY, [X], [X, Z]), typeof(ArgumentException),
            "The loss uses 'y', which is not among the inputs: x, z. (Parameter 'inputs')" },
        { "an input declared with another shape than the loss's", () => Grad.Compile(LossX, [], [Expr.Variable("x", [3])]), typeof(ShapeException),
            "Input 'x' is declared with shape [3]; the loss uses it with [2]." },
        { "too few gradient arrays", () => Grad.Compile(LossX, X).EvaluateInto([Two], []), typeof(ArgumentException),
            "0 gradient arrays for 1 variables. (Parameter 'gradients')" },
        { "a null gradient array", () => Grad.Compile(LossX, X).EvaluateInto([Two], [null!]), typeof(ArgumentNullException),
            "Gradient array 0 is null. (Parameter 'gradients')" },
        { "a gradient array of the wrong size", () => Grad.Compile(LossX, X).EvaluateInto([Two], [new double[3]]), typeof(ArgumentException),
            "Gradient array 0 ('x') has 3 elements; the variable has shape [2]. (Parameter 'gradients')" },
        { "one gradient array twice", () => SameArrayTwice(), typeof(ArgumentException),
            "Gradient arrays 0 and 1 are the same array. (Parameter 'gradients')" },
        { "too few inputs", () => Grad.Compile(LossXY, X, Y).Evaluate(Two), typeof(ArgumentException),
            "1 inputs given; the compiled gradient takes 2: x[2], y[2]. (Parameter 'inputs')" },
        { "a null input", () => Grad.Compile(LossXY, X, Y).Evaluate(Two, null!), typeof(ArgumentNullException),
            "Input 1 ('y') is null. (Parameter 'inputs')" },
        { "a scalar program, too few inputs", () => Grad.Compile(S * S, S).EvaluateInto([], [new double[1]]), typeof(ArgumentException),
            "0 inputs given; the compiled gradient takes 1: s[]. (Parameter 'inputs')" },
        { "a scalar program, an input of the wrong shape", () => Grad.Compile(S * S, S).EvaluateInto([Two], [new double[1]]), typeof(ShapeException),
            "Input 0 ('s') has shape [] but is bound to a tensor of shape [2]." },
    };

    private static void SameArrayTwice()
    {
        var g = new double[2];
        Grad.Compile(LossXY, X, Y).EvaluateInto([Two, Two], [g, g]);
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Rejects_with_the_exact_message(string call, Action bad, Type type, string message)
    {
        var e = Record.Exception(bad);
        Assert.True(e is not null, $"{call}: nothing was thrown.");
        Assert.True(e.GetType() == type, $"{call}: threw {e.GetType().Name} ({e.Message}), not {type.Name}.");
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Texts_of_bindings_and_compiled_gradients_name_every_part()
    {
        Assert.Equal("{x: [2], s: []}", Env.Of(("x", Two), ("s", Tensor.Scalar(1.0))).ToString());
        Assert.Equal("{}", Env.Empty.ToString());
        Assert.Equal("CompiledGradient(d[] / d(x, y); inputs x[2], y[2], z[2])", Grad.Compile((X * Y * Z).Sum(), X, Y).ToString());
    }

    [Fact]
    public void A_checked_evaluation_names_the_failing_step_its_attribute_and_every_operand_shape()
    {
        var a = Expr.Variable("a", [1, 2]);
        var b = Expr.Variable("b", [1, 2]);
        var env = Env.Of(("a", Tensor.FromArray([1, 2], [1e200, 1e200])), ("b", Tensor.FromArray([1, 2], [1e200, 1e200])));
        var e = Assert.Throws<NonFiniteException>(() => Evaluator.Evaluate(a.MatMul(b, false, true), env, EvaluationOptions.Checked));
        Assert.StartsWith("MatMul (bᵀ) produced a non-finite value: output [1, 1] from operands [1, 2], [1, 2]", e.Message, StringComparison.Ordinal);
    }
}
