namespace Dual.Cli.Commands;

/// <summary>
/// The larger pictures of <c>dual graph</c>: a small MLP and one causal attention head, each a loss over fixed inputs
/// and weights, drawn by the library's <see cref="Expr.ToDot"/> with every node's value and gradient.
/// </summary>
internal static class ExprGraphs
{
    /// <summary>The names <c>dual graph</c> accepts besides <c>neuron</c>.</summary>
    public static readonly IReadOnlyList<string> Names = ["mlp", "attention"];

    /// <summary>The DOT text of the named graph and its number of nodes.</summary>
    public static (string Dot, int Nodes) Draw(string name)
    {
        var (loss, at) = name switch
        {
            "mlp" => Mlp(),
            "attention" => AttentionHead(),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown graph."),
        };
        return (loss.ToDot(at, name), Graph.TopologicalOrder(loss).Count);
    }

    // Fixed, readable values: small multiples of 0.1 that vary with the position.
    private static Tensor Values(Shape shape, double scale, double shift) =>
        Tensor.Generate(shape, i => Math.Round(scale * Math.Sin(1.3 * i + shift), 2));

    /// <summary>x [1, 3] → tanh(x·W1 + b1) [1, 4] → ·W2 + b2 [1, 1]; loss = (out − y)².</summary>
    public static (Expr Loss, Env At) Mlp()
    {
        var (x, y) = (Expr.Variable("x", [1, 3]), Expr.Variable("y", [1, 1]));
        var (w1, b1) = (Expr.Variable("W1", [3, 4]), Expr.Variable("b1", [4]));
        var (w2, b2) = (Expr.Variable("W2", [4, 1]), Expr.Variable("b2", [1]));
        var h = (x.MatMul(w1) + b1).Tanh();
        var loss = (h.MatMul(w2) + b2 - y).Square().Sum();
        var at = Env.Of(("x", Values([1, 3], 1.0, 0.3)), ("y", Tensor.FromArray([1, 1], [0.5])),
            ("W1", Values([3, 4], 0.8, 1.0)), ("b1", Values([4], 0.1, 2.0)), ("W2", Values([4, 1], 0.7, 0.5)), ("b2", Tensor.Vector(0.05)));
        return (loss, at);
    }

    /// <summary>
    /// One causal attention head over 3 positions of width 4: q, k, v = x·Wq, x·Wk, x·Wv [3, 2]; weights = softmax of
    /// q·kᵀ/√2 with future positions masked; out = weights·v; loss = mean(out²).
    /// </summary>
    public static (Expr Loss, Env At) AttentionHead()
    {
        var x = Expr.Variable("x", [3, 4]);
        var (wq, wk, wv) = (Expr.Variable("Wq", [4, 2]), Expr.Variable("Wk", [4, 2]), Expr.Variable("Wv", [4, 2]));
        var (q, k, v) = (x.MatMul(wq), x.MatMul(wk), x.MatMul(wv));
        var causal = Expr.Constant(Tensor.Generate([3, 3], i => i % 3 <= i / 3 ? 1 : 0));
        var weights = Expr.Where(causal, q.MatMul(k, false, true) / Math.Sqrt(2), -1e9).Softmax();
        var loss = weights.MatMul(v).Square().Mean();
        var at = Env.Of(("x", Values([3, 4], 1.0, 0.0)), ("Wq", Values([4, 2], 0.6, 1.0)), ("Wk", Values([4, 2], 0.6, 2.0)), ("Wv", Values([4, 2], 0.6, 3.0)));
        return (loss, at);
    }
}
