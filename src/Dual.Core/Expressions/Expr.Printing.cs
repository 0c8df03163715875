using System.Globalization;
using System.Text;

namespace Dual;

public sealed partial class Expr
{
    /// <summary>
    /// The whole graph as numbered lines in evaluation order, one per primitive, e.g.
    /// <c>%2 = Add(%1, b) : []</c>. Variables appear by name and scalar constants by value; a shared
    /// node appears once. Gradient graphs print the same way.
    /// </summary>
    public string ToText()
    {
        var names = new Dictionary<Expr, string>(ReferenceEqualityComparer.Instance);
        var sb = new StringBuilder();
        var n = 0;
        foreach (var node in Graph.TopologicalOrder(this))
        {
            if (node.IsLeaf)
            {
                names[node] = node.Op == OpKind.Variable ? node.Name!
                    : node.Value!.Size == 1 ? node.Value.Span[0].ToString("G6", CultureInfo.InvariantCulture)
                    : node.IsZero ? $"zeros{node.Shape}" : $"const{node.Shape}";
                continue;
            }
            var name = $"%{n++}";
            names[node] = name;
            // A user's attribute may be a number: printed the same under every culture.
            var attribute = node.Attribute switch
            {
                null => "",
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                var a => a.ToString() ?? "",
            };
            sb.Append(name).Append(" = ").Append(node.OpName).Append('(')
              .AppendJoin(", ", node.Inputs.Select(i => names[i]))
              .Append(attribute.Length > 0 ? $"; {attribute}" : "")
              .Append(") : ").Append(node.Shape).Append('\n');
        }
        if (IsLeaf) sb.Append(names[this]).Append(" : ").Append(Shape).Append('\n');
        return sb.ToString();
    }
}
