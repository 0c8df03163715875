namespace Dual;

/// <summary>
/// Builds adjoint expressions by walking the graph backwards (iteratively, in reverse
/// topological order) and applying each primitive's VJP rule. Contributions to a shared node add up.
/// </summary>
internal static class ReverseMode
{
    /// <summary>
    /// The cotangent of every variable named in <paramref name="wanted"/> (all variables when null),
    /// given the cotangent <paramref name="seed"/> of <paramref name="root"/>. Variables that do not
    /// influence the root get zeros.
    /// </summary>
    public static Dictionary<string, Expr> Adjoints(Expr root, Expr seed, ISet<string>? wanted) => Adjoints(root, seed, wanted, null);

    /// <summary>
    /// The names of the variables that get a cotangent from some VJP rule on the way back from <paramref name="root"/>:
    /// those the root is differentiable in. The others (indices, targets, masks, stop-gradient inputs) are data.
    /// </summary>
    public static HashSet<string> Differentiable(Expr root)
    {
        var reached = new HashSet<string>();
        Adjoints(root, Expr.Ones(root.Shape), null, reached);
        return reached;
    }

    private static Dictionary<string, Expr> Adjoints(Expr root, Expr seed, ISet<string>? wanted, HashSet<string>? reached)
    {
        var order = Graph.TopologicalOrder(root);
        // Only nodes on a path from a wanted variable to the root need adjoints.
        var needs = new HashSet<Expr>(ReferenceEqualityComparer.Instance);
        foreach (var node in order)
        {
            if (node.Op == OpKind.Variable ? wanted is null || wanted.Contains(node.Name!) : node.InputArray.Any(needs.Contains))
                needs.Add(node);
        }

        var adjoint = Backward(order, root, seed, needs);

        var result = new Dictionary<string, Expr>();
        foreach (var variable in Graph.Variables(root))
        {
            if (wanted is not null && !wanted.Contains(variable.Name!)) continue;
            result[variable.Name!] = Expr.Zeros(variable.Shape);
        }
        // Several nodes may carry one variable's name: their adjoints add up, in topological order.
        foreach (var node in order)
            if (node.Op == OpKind.Variable && adjoint.TryGetValue(node, out var a))
            {
                result[node.Name!] = result[node.Name!] + a;
                reached?.Add(node.Name!);
            }
        return result;
    }

    /// <summary>
    /// The cotangents of the given intermediate <paramref name="nodes"/> (any nodes of the graph, by identity), given the
    /// cotangent <paramref name="seed"/> of <paramref name="root"/>; zeros for a node the root does not depend on.
    /// </summary>
    public static Expr[] NodeAdjoints(Expr root, Expr seed, IReadOnlyList<Expr> nodes)
    {
        var order = Graph.TopologicalOrder(root);
        var targets = new HashSet<Expr>(nodes, ReferenceEqualityComparer.Instance);
        var needs = new HashSet<Expr>(ReferenceEqualityComparer.Instance);
        foreach (var node in order)
            if (targets.Contains(node) || node.InputArray.Any(needs.Contains)) needs.Add(node);
        var adjoint = Backward(order, root, seed, needs);
        return nodes.Select(n => adjoint.TryGetValue(n, out var a) ? a : Expr.Zeros(n.Shape)).ToArray();
    }

    // The adjoint of every node in `needs`, walking `order` backwards: a node's adjoint is complete when it is reached,
    // because every node that reads it comes later in the order.
    private static Dictionary<Expr, Expr> Backward(IReadOnlyList<Expr> order, Expr root, Expr seed, HashSet<Expr> needs)
    {
        var adjoint = new Dictionary<Expr, Expr>(ReferenceEqualityComparer.Instance);
        if (needs.Contains(root)) adjoint[root] = seed;
        for (var i = order.Count - 1; i >= 0; i--)
        {
            var node = order[i];
            if (node.IsLeaf || !adjoint.TryGetValue(node, out var dy)) continue;
            var cotangents = node.Definition!.Vjp(node, dy);
            for (var k = 0; k < cotangents.Length; k++)
            {
                var input = node.Input(k);
                if (cotangents[k] is not { } d || !needs.Contains(input)) continue;
                adjoint[input] = adjoint.TryGetValue(input, out var sum) ? sum + d : d;
            }
        }

        return adjoint;
    }
}
