namespace Dual.Tests.Expressions;

/// <summary>Simplify folds what a reader folds in their head; ToFormula prints one line of mathematics.</summary>
public class FormulaTests
{
    private static readonly Expr W = Expr.Variable("w"), B = Expr.Variable("b"), X = Expr.Variable("x"), Y = Expr.Variable("y");

    private static (Expr A, Expr Loss) Neuron()
    {
        var a = (W * X + B).Sigmoid();
        return (a, (a - Y).Square());
    }

    private static Dictionary<Expr, string> Named(Expr node, string name) => new(ReferenceEqualityComparer.Instance) { [node] = name };

    [Fact]
    public void The_neuron_gradients_read_like_the_seed()
    {
        var (a, loss) = Neuron();
        var g = Grad.Of(loss, W, B);

        Assert.Equal("2(a − y) · a(1 − a) · x", g[0].ToFormula(Named(a, "a")));
        Assert.Equal("2(a − y) · a(1 − a)", g[1].ToFormula(Named(a, "a")));
    }

    [Fact]
    public void Without_names_the_sigmoid_and_its_mirror_print_as_functions()
    {
        var (_, loss) = Neuron();
        var g = Grad.Of(loss, B)[0];
        Assert.Equal("2(σ(w · x + b) − y) · σ(w · x + b) · σ(−(w · x + b))", g.ToFormula());
    }

    [Fact]
    public void Simplify_folds_constant_arithmetic_and_keeps_the_value()
    {
        var (_, loss) = Neuron();
        var g = Grad.Of(loss, W)[0];
        var env = Env.Of(("w", 0.5), ("b", 0.1), ("x", 1.5), ("y", 1.0));

        Assert.Contains("Mul(1, 2)", g.ToText(), StringComparison.Ordinal); // what the rules build, before
        var simple = g.Simplify();
        Assert.DoesNotContain("Mul(1, 2)", simple.ToText(), StringComparison.Ordinal);
        Assert.StartsWith("%0 = Mul(w, x)", simple.ToText(), StringComparison.Ordinal);
        Assert.Equal(Interpreter.Evaluate(g, env).ToScalar(), Interpreter.Evaluate(simple, env).ToScalar());
    }

    [Fact]
    public void Simplify_removes_identities_only_where_the_shape_stays()
    {
        var v = Expr.Variable("v", [3]);
        Assert.Same(v, (v * 1.0).Simplify());
        Assert.Same(v, (1.0 * v).Simplify());
        Assert.Same(v, (-(-v)).Simplify());
        Assert.Same(v, (v + Expr.Zeros([3])).Simplify());
        Assert.Same(v, (v - Expr.Zeros([3])).Simplify());

        // Multiplying a scalar by ones of shape [3] broadcasts: dropping the ones would change the shape.
        var s = Expr.Variable("s");
        var broadcast = s * Expr.Ones([3]);
        Assert.Equal(broadcast.Shape, broadcast.Simplify().Shape);
        Assert.Equal(3, broadcast.Simplify().Shape.Size);
        Assert.Equal(OpKind.Constant, (Expr.Scalar(3) * 2.0 + 1.0).Simplify().Op);
        Assert.Equal(7.0, (Expr.Scalar(3) * 2.0 + 1.0).Simplify().Value!.ToScalar());
    }

    [Fact]
    public void Simplify_leaves_an_unchanged_graph_the_same_object_and_keeps_shared_nodes_shared()
    {
        var z = W * X + B;
        Assert.Same(z, z.Simplify());

        var shared = (W * 1.0).Exp();
        var simple = (shared + shared).Simplify();
        Assert.Same(simple.Inputs[0], simple.Inputs[1]);
    }

    [Theory]
    [InlineData("x²", 2.0)]
    [InlineData("x³", 3.0)]
    [InlineData("x^0.5", 0.5)]
    public void Powers_print_as_exponents(string expected, double p) => Assert.Equal(expected, X.Pow(p).ToFormula());

    [Fact]
    public void Operators_take_parentheses_only_where_needed()
    {
        Assert.Equal("w − (x − y)", (W - (X - Y)).ToFormula());
        Assert.Equal("w − x + y", (W - X + Y).ToFormula());
        Assert.Equal("(w + x) / y", ((W + X) / Y).ToFormula());
        Assert.Equal("w / (x · y)", (W / (X * Y)).ToFormula());
        Assert.Equal("−(w + x)", (-(W + X)).ToFormula());
        Assert.Equal("(w + x)²", (W + X).Square().ToFormula());
        Assert.Equal("exp(w) · tanh(x)", (W.Exp() * X.Tanh()).ToFormula());
        Assert.Equal("−2 · w", (-2.0 * W).ToFormula());
    }

    [Fact]
    public void A_name_with_no_text_is_refused()
    {
        Assert.Throws<ArgumentException>(() => W.ToFormula(Named(W, " ")));
    }
}
