namespace Dual;

public sealed partial class Expr
{
    /// <summary>
    /// The same function with the arithmetic a reader would do in their head already done: a primitive whose
    /// operands are all one-element constants becomes its value (<c>Mul(1, 2)</c> → <c>2</c>), and multiplying by
    /// one, adding or subtracting zero and double negation disappear where the other operand already has the
    /// node's shape. Values are unchanged (each removed step is exact; a folded constant is computed by the
    /// reference interpreter), apart from the sign of a zero that <c>x + 0</c> would have made positive. Shared
    /// nodes stay shared; the graph is rebuilt only where something changed.
    /// </summary>
    public Expr Simplify() => Simplify([this])[0];

    // Several roots through one rewrite, so a node shared between them stays one node.
    internal static Expr[] Simplify(IReadOnlyList<Expr> roots)
    {
        var simplified = new Dictionary<Expr, Expr>(ReferenceEqualityComparer.Instance);
        foreach (var node in Graph.TopologicalOrder(roots))
        {
            if (node.IsLeaf)
            {
                simplified[node] = node;
                continue;
            }

            var inputs = node._inputs.Select(i => simplified[i]).ToArray();
            var rebuilt = inputs.SequenceEqual(node._inputs, ReferenceEqualityComparer.Instance)
                ? node
                : Apply(node.Definition!, inputs, node.Attribute);
            simplified[node] = Simplified(rebuilt);
        }

        return roots.Select(r => simplified[r]).ToArray();
    }

    private static Expr Simplified(Expr node)
    {
        if (node.Op != OpKind.Custom && node._inputs.All(IsOneElementConstant))
        {
            return Constant(Interpreter.Evaluate(node, Env.Empty));
        }

        return node.Op switch
        {
            OpKind.Mul when IsScalarConstant(node.Input(0), 1) && node.Input(1).Shape == node.Shape => node.Input(1),
            OpKind.Mul when IsScalarConstant(node.Input(1), 1) && node.Input(0).Shape == node.Shape => node.Input(0),
            OpKind.Add when node.Input(0).IsZero && node.Input(1).Shape == node.Shape => node.Input(1),
            OpKind.Add or OpKind.Sub when node.Input(1).IsZero && node.Input(0).Shape == node.Shape => node.Input(0),
            OpKind.Neg when node.Input(0).Op == OpKind.Neg => node.Input(0).Input(0),
            _ => node,
        };
    }

    private static bool IsOneElementConstant(Expr e) => e.Op == OpKind.Constant && e.Value!.Size == 1;

    private static bool IsScalarConstant(Expr e, double value) => IsOneElementConstant(e) && e.Value!.Span[0] == value;
}
