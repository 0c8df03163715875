namespace Dual;

/// <summary>Variable names: validation, and finding the names nearest a node for error messages.</summary>
internal static class Naming
{
    public static void Validate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.Any(char.IsWhiteSpace))
            throw new ArgumentException($"A variable name must be non-empty and contain no whitespace, got \"{name}\".", nameof(name));
    }

    /// <summary>" (near x, w)" listing up to three variable names found breadth-first from the operands, or "".</summary>
    public static string Near(IEnumerable<Expr> roots)
    {
        var names = new List<string>();
        var seen = new HashSet<Expr>(ReferenceEqualityComparer.Instance);
        var queue = new Queue<Expr>(roots);
        var visited = 0;
        while (queue.Count > 0 && names.Count < 3 && visited++ < 10_000)
        {
            var e = queue.Dequeue();
            if (!seen.Add(e)) continue;
            if (e.Name is { } n && !names.Contains(n)) names.Add(n);
            foreach (var i in e.Inputs) queue.Enqueue(i);
        }
        return names.Count == 0 ? "" : $" (near {string.Join(", ", names)})";
    }
}
