namespace Dual.Tests.Expressions;

/// <summary>Graphs, and the gradient graphs built from them, print as numbered lines.</summary>
public class ExprPrintingTests
{
    [Fact]
    public void The_neuron_prints_one_line_per_primitive_in_evaluation_order()
    {
        var (w, b, x) = (Expr.Variable("w"), Expr.Variable("b"), Expr.Variable("x"));
        var z = w * x + b;
        Assert.Equal("%0 = Mul(w, x) : []\n%1 = Add(%0, b) : []\n", z.ToText());
    }

    [Fact]
    public void A_shared_node_prints_once_and_is_referred_to_by_number()
    {
        var x = Expr.Variable("x", [2]);
        var h = x.Exp();
        var text = (h * h).Sum().ToText();
        Assert.Equal("%0 = Exp(x) : [2]\n%1 = Mul(%0, %0) : [2]\n%2 = Sum(%1; axes=[0]) : []\n", text);
    }

    [Fact]
    public void Gradient_graphs_print_with_attributes()
    {
        var x = Expr.Variable("x", [2, 3]);
        var g = Grad.Of(x.Sum(1).Square().Sum(), x)[0];
        var text = g.ToText();
        // d/dx Σ(Σ_j x_ij)² = 2·s_i broadcast over j, read back from the rules of Sum (reshape and
        // broadcast the cotangent), Pow (dy·2·s¹, with s¹ simplified to s) and the inner Sum.
        Assert.Equal(
            "%0 = Reshape(1; [1]) : [1]\n" +
            "%1 = BroadcastTo(%0; [2]) : [2]\n" +
            "%2 = Mul(%1, 2) : [2]\n" +
            "%3 = Sum(x; axes=[1]) : [2]\n" +
            "%4 = Mul(%2, %3) : [2]\n" +
            "%5 = Reshape(%4; [2, 1]) : [2, 1]\n" +
            "%6 = BroadcastTo(%5; [2, 3]) : [2, 3]\n", text);
    }
}
