namespace Dual.Tests.Interpretation;

/// <summary>Gradients with respect to intermediate nodes (Grad.Adjoints) and the graph drawn with values and gradients (Expr.ToDot).</summary>
public class NodeAdjointTests
{
    private static readonly Expr W = Expr.Variable("w"), B = Expr.Variable("b"), X = Expr.Variable("x"), Y = Expr.Variable("y");
    private static readonly Expr Z = W * X + B;
    private static readonly Expr A = Z.Sigmoid();
    private static readonly Expr Loss = (A - Y).Square();
    private static readonly Env At = Env.Of(("w", 0.5), ("b", 0.1), ("x", 1.5), ("y", 1.0));

    [Fact]
    public void The_neurons_intermediate_adjoints_are_the_seeds_chain_rule_factors()
    {
        var a = 1 / (1 + Math.Exp(-(0.5 * 1.5 + 0.1)));
        var adjoints = Grad.Adjoints(Loss, A, Z, W).Select(g => g.Evaluate(At).ToScalar()).ToArray();
        Assert.Equal(2 * (a - 1), adjoints[0], 1e-15);                  // dloss/da = 2(a − y)
        Assert.Equal(2 * (a - 1) * a * (1 - a), adjoints[1], 1e-15);    // dloss/dz = 2(a − y)·a(1 − a)
        Assert.Equal(2 * (a - 1) * a * (1 - a) * 1.5, adjoints[2], 1e-15); // dloss/dw = … · x
    }

    [Fact]
    public void A_shared_node_sums_the_contributions_of_every_reader()
    {
        var x = Expr.Variable("x", [2]);
        var u = x * 2.0;
        var loss = (u * u + u).Sum();
        var du = Grad.Adjoints(loss, u)[0].Evaluate(Env.Of(("x", Tensor.Vector(1, -3))));
        Assert.Equal(Tensor.Vector(2 * 2.0 + 1, 2 * -6.0 + 1), du);
    }

    [Fact]
    public void A_node_the_loss_does_not_use_gets_zeros_and_a_non_scalar_loss_is_refused()
    {
        var elsewhere = Expr.Variable("q", [3]).Exp();
        Assert.Equal(Tensor.Zeros([3]), Grad.Adjoints(Loss, elsewhere)[0].Evaluate());
        Assert.Throws<ShapeException>(() => Grad.Adjoints(Expr.Variable("v", [2]).Exp(), W));
    }

    [Fact]
    public void ToDot_shows_each_nodes_value_and_gradient()
    {
        var (_, grads) = Grad.ValueAndGrad(Loss, At, "w");
        var dot = Loss.ToDot(At, "neuron");
        Assert.StartsWith("digraph \"neuron\" {", dot, StringComparison.Ordinal);
        Assert.Contains("w [] | data 0.5000 | grad " + grads["w"].ToScalar().ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture), dot, StringComparison.Ordinal);
        Assert.Contains("Pow (p=2) [] | data " + Loss.Evaluate(At).ToScalar().ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture) + " | grad 1.0000", dot, StringComparison.Ordinal);
        Assert.Equal(Graph.TopologicalOrder(Loss).Count, dot.Split("[label=").Length - 1);
        Assert.DoesNotContain("data", Loss.ToDot(), StringComparison.Ordinal);
    }
}
