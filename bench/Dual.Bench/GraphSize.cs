namespace Dual.Bench;

/// <summary>The size of what one training step evaluates: the loss and its gradients with respect to the parameters.</summary>
internal static class GraphSize
{
    /// <summary>Distinct non-leaf nodes (primitive applications) of the loss and its gradients with respect to <paramref name="parameters"/>.</summary>
    public static int Nodes(Expr loss, IEnumerable<ParamSpec> parameters)
    {
        var roots = new List<Expr> { loss };
        roots.AddRange(Grad.Of(loss, parameters.Select(p => Expr.Variable(p.Path, p.Shape)).ToArray()));
        var seen = new HashSet<Expr>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<Expr>(roots);
        var count = 0;
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            if (!seen.Add(e)) continue;
            if (!e.IsLeaf) count++;
            foreach (var input in e.Inputs) stack.Push(input);
        }
        return count;
    }
}
