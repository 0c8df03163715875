using System.Globalization;
using System.Text;

namespace Dual.Cli.Commands;

/// <summary>
/// The seed's neuron as a computation graph at the grain a learner writes it (micrograd's): <c>w*x</c>, <c>z = w*x + b</c>,
/// <c>a = sigmoid(z)</c>, <c>a - y</c>, <c>loss = (a - y)^2</c>. Each operation is a Dual expression of its inputs'
/// variables; its value comes from the interpreter, and the gradient of the loss reaching each input is the library's
/// vector-Jacobian product of that one operation (<see cref="Grad.Vjp(Expr, Expr, Expr[])"/>) applied to the gradient of its output: the chain
/// rule, one node at a time, from <c>dloss/dloss = 1</c> backwards.
/// </summary>
internal static class NeuronGraph
{
    /// <summary>One node: a value (leaf or result of <see cref="Op"/> on <see cref="Inputs"/>) with its data and dloss/dnode.</summary>
    /// <param name="Id">The node's name (also its DOT id).</param>
    /// <param name="Label">What it is called in the picture.</param>
    /// <param name="Op">The operation that produced it (null for a leaf).</param>
    /// <param name="Inputs">The ids of the operation's inputs.</param>
    /// <param name="Data">Its value.</param>
    /// <param name="Grad">dloss/d(this node).</param>
    internal sealed record Node(string Id, string Label, string? Op, IReadOnlyList<string> Inputs, double Data, double Grad);

    private sealed record Stage(string Id, string Label, string Op, string[] Inputs, Func<Expr[], Expr> Apply);

    private static readonly Stage[] Stages =
    [
        new("wx", "w*x", "*", ["w", "x"], v => v[0] * v[1]),
        new("z", "z", "+", ["wx", "b"], v => v[0] + v[1]),
        new("a", "a", "sigmoid", ["z"], v => v[0].Sigmoid()),
        new("d", "a - y", "-", ["a", "y"], v => v[0] - v[1]),
        new("loss", "loss", "^2", ["d"], v => v[0].Square()),
    ];

    /// <summary>The nodes, leaves first (w, x, b, y), then each operation's result in evaluation order.</summary>
    public static IReadOnlyList<Node> Build(double w, double b, double x, double y)
    {
        var data = new Dictionary<string, double> { ["w"] = w, ["x"] = x, ["b"] = b, ["y"] = y };
        var leaves = data.Keys.ToArray();
        Expr[] Variables(Stage s) => s.Inputs.Select(name => Expr.Variable(name)).ToArray();
        Env Bindings(Stage s) => Env.Of(s.Inputs.Select(name => (name, Tensor.Scalar(data[name]))).ToArray());

        foreach (var stage in Stages)
        {
            data[stage.Id] = Evaluator.Evaluate(stage.Apply(Variables(stage)), Bindings(stage)).ToScalar();
        }

        var grad = data.Keys.ToDictionary(k => k, _ => 0.0);
        grad[Stages[^1].Id] = 1.0;
        foreach (var stage in Stages.Reverse())
        {
            var inputs = Variables(stage);
            var vjp = Grad.Vjp(stage.Apply(inputs), Expr.Scalar(grad[stage.Id]), inputs);
            var values = Evaluator.Evaluate(vjp, Bindings(stage));
            for (var i = 0; i < inputs.Length; i++)
            {
                grad[stage.Inputs[i]] += values[i].ToScalar();
            }
        }

        return
        [
            .. leaves.Select(id => new Node(id, id, null, [], data[id], grad[id])),
            .. Stages.Select(s => new Node(s.Id, s.Label, s.Op, s.Inputs, data[s.Id], grad[s.Id])),
        ];
    }

    /// <summary>
    /// Graphviz DOT text, as micrograd's <c>draw_dot</c>: left to right, a record <c>{ label | data 0.5000 | grad -0.0654 }</c>
    /// per value, an ellipse per operation, edges from the inputs to the operation and from it to its result.
    /// </summary>
    public static string ToDot(IReadOnlyList<Node> nodes, string name)
    {
        var dot = new StringBuilder();
        dot.Append(CultureInfo.InvariantCulture, $"digraph {Quote(name)} {{\n");
        dot.Append("  graph [rankdir=LR];\n");
        dot.Append("  node [fontname=\"Helvetica\"];\n");
        foreach (var node in nodes)
        {
            var label = string.Create(CultureInfo.InvariantCulture, $"{{ {EscapeRecord(node.Label)} | data {node.Data:0.0000} | grad {node.Grad:0.0000} }}");
            dot.Append(CultureInfo.InvariantCulture, $"  {Quote(node.Id)} [shape=record, label={Quote(label)}];\n");
            if (node.Op is { } op)
            {
                var opId = node.Id + "_op";
                dot.Append(CultureInfo.InvariantCulture, $"  {Quote(opId)} [label={Quote(op)}];\n");
                dot.Append(CultureInfo.InvariantCulture, $"  {Quote(opId)} -> {Quote(node.Id)};\n");
                foreach (var input in node.Inputs)
                {
                    dot.Append(CultureInfo.InvariantCulture, $"  {Quote(input)} -> {Quote(opId)};\n");
                }
            }
        }

        dot.Append("}\n");
        return dot.ToString();
    }

    // A DOT quoted string: quotes escaped; backslashes pass through (record labels use them for their own escapes).
    private static string Quote(string text) => "\"" + text.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    // Inside a record label, braces, bars and angle brackets are structure: escape them.
    private static string EscapeRecord(string text)
    {
        var escaped = new StringBuilder();
        foreach (var c in text)
        {
            if (c is '{' or '}' or '|' or '<' or '>')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
