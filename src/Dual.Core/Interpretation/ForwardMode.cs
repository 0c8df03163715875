namespace Dual;

/// <summary>
/// Builds the tangent expression of a root by walking the graph forwards and applying each
/// primitive's JVP rule: the dual-number view of differentiation.
/// </summary>
internal static class ForwardMode
{
    public static Expr Tangent(Expr root, IReadOnlyDictionary<string, Expr> tangents)
    {
        var tangent = new Dictionary<Expr, Expr>(ReferenceEqualityComparer.Instance);
        var operandTangents = new List<Expr?>();
        foreach (var node in Graph.TopologicalOrder(root))
        {
            if (node.Op == OpKind.Variable)
            {
                if (tangents.TryGetValue(node.Name!, out var t))
                {
                    if (t.Shape != node.Shape)
                        throw new ShapeException($"The tangent of '{node.Name}' has shape {t.Shape}; the variable has {node.Shape}.");
                    tangent[node] = t;
                }
                continue;
            }
            if (node.IsLeaf) continue;
            operandTangents.Clear();
            foreach (var input in node.InputArray) operandTangents.Add(tangent.GetValueOrDefault(input));
            if (operandTangents.All(t => t is null)) continue;
            if (node.Definition!.Jvp(node, operandTangents) is { } dy) tangent[node] = dy;
        }
        return tangent.GetValueOrDefault(root) ?? Expr.Zeros(root.Shape);
    }
}
