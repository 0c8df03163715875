using System.Globalization;
using System.Text;

namespace Dual;

public sealed partial class Expr
{
    /// <summary>
    /// The graph as Graphviz DOT text, one record per node (inputs first, edges from operands to the nodes that read
    /// them), like micrograd's <c>draw_dot</c>. With <paramref name="env"/> each node also shows its value; when this
    /// expression has one element it is taken as the loss and each node shows its gradient dloss/dnode as well (the
    /// adjoints of <see cref="Grad.Adjoints"/>). Render with Graphviz (<c>dot -Tsvg</c>) or <c>dual graph</c>.
    /// </summary>
    public string ToDot(Env? env = null, string graphName = "expr")
    {
        ArgumentNullException.ThrowIfNull(graphName);
        var order = Graph.TopologicalOrder(this);
        Tensor[]? values = null, grads = null;
        if (env is not null)
        {
            var all = Evaluator.Evaluate(order, env);
            values = all;
            if (Shape.Size == 1) grads = Evaluator.Evaluate(Grad.Adjoints(this, [.. order]), env);
        }

        var id = new Dictionary<Expr, int>(ReferenceEqualityComparer.Instance);
        var sb = new StringBuilder();
        sb.Append("digraph ").Append(Quote(graphName)).Append(" {\n  rankdir=LR;\n  node [shape=record, fontname=\"Helvetica\"];\n");
        for (var i = 0; i < order.Count; i++)
        {
            var node = order[i];
            id[node] = i;
            var label = new List<string> { Escape(DotLabel(node)) };
            if (values is not null) label.Add("data " + Escape(Brief(values[i])));
            if (grads is not null) label.Add("grad " + Escape(Brief(grads[i])));
            sb.Append(CultureInfo.InvariantCulture, $"  n{i} [label=\"{{ {string.Join(" | ", label)} }}\"];\n");
            foreach (var input in node.Inputs) sb.Append(CultureInfo.InvariantCulture, $"  n{id[input]} -> n{i};\n");
        }
        return sb.Append("}\n").ToString();
    }

    private static string DotLabel(Expr node) => node.Op switch
    {
        OpKind.Variable => $"{node.Name} {node.Shape}",
        OpKind.Constant => node.Value!.Size == 1 ? node.Value.Span[0].ToString("G6", CultureInfo.InvariantCulture) : $"const {node.Shape}",
        _ => $"{node.Op}{(node.Attribute is { } a && a.ToString() is { Length: > 0 } text ? $" ({text})" : "")} {node.Shape}",
    };

    // A value short enough for a record field: up to four elements, else the shape and the range.
    private static string Brief(Tensor t)
    {
        static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);
        if (t.Size <= 4) return t.Size == 1 ? F(t.Span[0]) : "[" + string.Join(", ", t.Span.ToArray().Select(F)) + "]";
        var span = t.Span;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in span) (min, max) = (Math.Min(min, v), Math.Max(max, v));
        return $"{t.Shape} in [{F(min)}, {F(max)}]";
    }

    private static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '{' or '}' or '|' or '<' or '>' or '"' or '\\') sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
