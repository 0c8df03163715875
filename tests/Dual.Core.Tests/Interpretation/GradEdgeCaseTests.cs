namespace Dual.Tests.Interpretation;

/// <summary>
/// Differentiation cases the main suites pass by: a cotangent that broadcasts to the output, one output
/// differentiated with cotangents of two shapes, compiling against every variable by default, the adjoint of
/// a node that meets another differentiable input, and forward mode with a tangent for only some variables.
/// Expected values are worked out by hand.
/// </summary>
public class GradEdgeCaseTests
{
    private static readonly Expr X = Expr.Variable("x", [2]);
    private static readonly Expr Y = Expr.Variable("y", [2]);
    private static readonly Env Bound = Env.Of(("x", Tensor.Vector(1.0, 2.0)), ("y", Tensor.Vector(3.0, 5.0)));

    [Fact]
    public void A_symbolic_cotangent_that_broadcasts_to_the_output_is_broadcast()
    {
        var dx = Grad.Vjp(X * 3.0, Expr.Scalar(2.0), X)[0];
        Assert.Equal([6.0, 6.0], Evaluator.Evaluate(dx, Bound).ToArray());
    }

    [Fact]
    public void A_numeric_cotangent_that_broadcasts_to_the_output_is_accepted_and_broadcast()
    {
        var (value, cotangents) = Grad.Vjp(X * 3.0, Bound, Tensor.Scalar(2.0), X);
        Assert.Equal([3.0, 6.0], value.ToArray());
        Assert.Equal([6.0, 6.0], cotangents[0].ToArray());
    }

    [Fact]
    public void One_output_with_cotangents_of_two_shapes_uses_a_program_for_each()
    {
        var y = X * 3.0;
        Assert.Equal([3.0, 6.0], Grad.Vjp(y, Bound, Tensor.Vector(1.0, 2.0), X).Cotangents[0].ToArray());
        Assert.Equal([6.0, 6.0], Grad.Vjp(y, Bound, Tensor.Scalar(2.0), X).Cotangents[0].ToArray());
        Assert.Equal([-3.0, 12.0], Grad.Vjp(y, Bound, Tensor.Vector(-1.0, 4.0), X).Cotangents[0].ToArray());
        Assert.Equal([1.5, 1.5], Grad.Vjp(y, Bound, Tensor.Scalar(0.5), X).Cotangents[0].ToArray());
    }

    [Fact]
    public void Compiling_with_no_names_differentiates_against_every_variable()
    {
        var compiled = Grad.Compile((X * Y).Sum(), Array.Empty<string>());
        Assert.Equal(["x", "y"], compiled.Variables.Select(v => v.Name));
        var (value, gradients) = compiled.Evaluate(Tensor.Vector(1.0, 2.0), Tensor.Vector(3.0, 5.0));
        Assert.Equal(13.0, value.ToScalar());
        Assert.Equal([3.0, 5.0], gradients[0].ToArray());
        Assert.Equal([1.0, 2.0], gradients[1].ToArray());
    }

    [Fact]
    public void The_adjoint_of_a_node_that_meets_another_variable_in_a_product_is_that_variable()
    {
        var t = X.Exp();
        var adjoint = Grad.Adjoints((t * Y).Sum(), t)[0];
        Assert.Equal([3.0, 5.0], Evaluator.Evaluate(adjoint, Bound).ToArray());
    }

    [Fact]
    public void A_tangent_for_one_variable_leaves_the_others_fixed()
    {
        // d/dε of exp(x)·(y + ε·t) = exp(x)·t: the exp node gets no tangent and must be skipped, not given one.
        var tangent = Grad.Jvp(X.Exp() * Y, new Dictionary<string, Expr> { ["y"] = Expr.Variable("t", [2]) });
        var env = Bound.With("t", Tensor.Vector(1.0, -2.0));
        var actual = Evaluator.Evaluate(tangent, env).ToArray();
        Assert.Equal(Math.Exp(1.0), actual[0], 1e-12); // the engine's exp may differ from Math.Exp in the last bit
        Assert.Equal(-2.0 * Math.Exp(2.0), actual[1], 1e-12);
    }

    [Fact]
    public void No_tangent_at_all_gives_zeros()
    {
        var tangent = Grad.Jvp(X.Exp() * Y, new Dictionary<string, Expr>());
        Assert.Equal(OpKind.Constant, tangent.Op);
        Assert.Equal([0.0, 0.0], Evaluator.Evaluate(tangent, Bound).ToArray());
    }

    [Fact]
    public void Compiling_with_explicit_inputs_binds_them_in_the_given_order()
    {
        var z = Expr.Variable("z", [2]);
        var compiled = Grad.Compile((X * Y).Sum(), [X], [Y, X, z]); // z is bound and ignored
        var (value, gradients) = compiled.Evaluate(Tensor.Vector(3.0, 5.0), Tensor.Vector(1.0, 2.0), Tensor.Vector(7.0, 7.0));
        Assert.Equal(13.0, value.ToScalar());
        Assert.Equal([3.0, 5.0], gradients[0].ToArray());
        var alone = Grad.Compile((X * X).Sum(), [X], [X]);
        Assert.Equal([2.0, 4.0], alone.Evaluate(Tensor.Vector(1.0, 2.0)).Gradients[0].ToArray());
    }

    [Fact]
    public void The_gradients_values_are_the_gradients_in_order()
    {
        var (_, gradients) = Grad.ValueAndGrad((X * Y).Sum(), Bound);
        Assert.Equal([[3.0, 5.0], [1.0, 2.0]], gradients.Values.Select(g => g.ToArray()));
    }

    // A primitive with no gradient (its VJP refuses): fine as long as nothing asks for an adjoint through it.
    private static readonly OpDef Opaque = OpDef.Define("Opaque", arity: 1,
        forward: (x, _) => x[0],
        vjp: (_, _) => throw new InvalidOperationException("Opaque has no gradient."));

    [Fact]
    public void The_adjoint_of_a_node_is_built_without_visiting_branches_off_its_path()
    {
        var t = X.Exp();
        var adjoint = Grad.Adjoints((t * Opaque.Apply(Y)).Sum(), t)[0];
        Assert.Equal([3.0, 5.0], Evaluator.Evaluate(adjoint, Bound).ToArray());
    }

    [Fact]
    public void Forward_mode_skips_nodes_that_get_no_tangent()
    {
        // Opaque(y) has no tangent: its rule (derived from a VJP that refuses) must not be asked for one.
        var tangent = Grad.Jvp(X.Exp() * Opaque.Apply(Y), new Dictionary<string, Expr> { ["x"] = Expr.Variable("t", [2]) });
        var actual = Evaluator.Evaluate(tangent, Bound.With("t", Tensor.Vector(1.0, -1.0))).ToArray();
        Assert.Equal(Math.Exp(1.0) * 3.0, actual[0], 1e-12);
        Assert.Equal(-Math.Exp(2.0) * 5.0, actual[1], 1e-12);
    }
}
