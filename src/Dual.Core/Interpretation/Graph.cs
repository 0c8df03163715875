namespace Dual;

/// <summary>Walks expression graphs iteratively (never recursively), in a deterministic order.</summary>
public static class Graph
{
    /// <summary>
    /// Every node reachable from <paramref name="roots"/>, each once, inputs before the nodes that
    /// use them; ties broken by operand order, so the order is the same on every run.
    /// </summary>
    public static IReadOnlyList<Expr> TopologicalOrder(IEnumerable<Expr> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        var order = new List<Expr>();
        var done = new HashSet<Expr>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Expr Node, int Next)>();
        foreach (var root in roots)
        {
            ArgumentNullException.ThrowIfNull(root);
            if (done.Contains(root)) continue;
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                if (next < node.InputArray.Length)
                {
                    stack.Push((node, next + 1));
                    var input = node.Input(next);
                    if (!done.Contains(input)) stack.Push((input, 0));
                }
                else if (done.Add(node))
                {
                    order.Add(node);
                }
            }
        }
        return order;
    }

    /// <summary>The nodes reachable from one root, inputs first.</summary>
    public static IReadOnlyList<Expr> TopologicalOrder(Expr root) => TopologicalOrder([root]);

    /// <summary>The distinct variables reachable from the roots, by name, in order of first appearance.</summary>
    public static IReadOnlyList<Expr> Variables(params Expr[] roots)
    {
        var byName = new Dictionary<string, Expr>();
        var result = new List<Expr>();
        foreach (var node in TopologicalOrder(roots))
        {
            if (node.Op != OpKind.Variable) continue;
            if (byName.TryGetValue(node.Name!, out var seen))
            {
                if (seen.Shape != node.Shape)
                    throw new ShapeException($"Variable '{node.Name}' is used with two shapes: {seen.Shape} and {node.Shape}.");
                continue;
            }
            byName.Add(node.Name!, node);
            result.Add(node);
        }
        return result;
    }
}
