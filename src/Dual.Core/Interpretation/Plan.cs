using System.Collections.Concurrent;

namespace Dual;

/// <summary>
/// How to evaluate a fixed set of roots: the topological order, each step's operands, and
/// buffer slots assigned so that an intermediate's buffer is reused once its last reader has
/// run. Built once per root set and cached; immutable, so many threads may run it at once,
/// each with its own rented workspace.
/// </summary>
internal sealed class Plan
{
    private readonly ConcurrentBag<double[][]> _workspaces = [];

    public Plan(IReadOnlyList<Expr> roots)
    {
        Roots = roots.ToArray();
        Steps = Graph.TopologicalOrder(Roots).ToArray();
        var index = new Dictionary<Expr, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < Steps.Length; i++) index.Add(Steps[i], i);
        RootSteps = Roots.Select(r => index[r]).ToArray();
        Operands = Steps.Select(s => s.InputArray.Select(x => index[x]).ToArray()).ToArray();
        Variables = Graph.Variables(Roots).ToArray();
        MaxArity = Steps.Length == 0 ? 0 : Steps.Max(s => s.Inputs.Count);

        // Last reader of each step; roots are read "after the end" and so never released.
        var lastUse = new int[Steps.Length];
        for (var i = 0; i < Steps.Length; i++)
            foreach (var j in Operands[i]) lastUse[j] = i;
        foreach (var r in RootSteps) lastUse[r] = int.MaxValue;

        Slots = new int[Steps.Length];
        var sizes = new List<int>();
        var free = new Dictionary<int, Stack<int>>();
        for (var i = 0; i < Steps.Length; i++)
        {
            var node = Steps[i];
            if (node.IsLeaf || lastUse[i] == int.MaxValue)
            {
                Slots[i] = -1; // leaves read their tensor; roots get a fresh array that becomes the result
                continue;
            }
            var size = node.Shape.Size;
            if (free.TryGetValue(size, out var stack) && stack.Count > 0) Slots[i] = stack.Pop();
            else
            {
                Slots[i] = sizes.Count;
                sizes.Add(size);
            }
            // Release operands read for the last time here, after this step's slot is taken,
            // so a kernel never writes into a buffer it is reading.
            foreach (var j in Operands[i].Distinct())
                if (lastUse[j] == i && Slots[j] >= 0)
                {
                    if (!free.TryGetValue(Steps[j].Shape.Size, out var s)) free[Steps[j].Shape.Size] = s = new Stack<int>();
                    s.Push(Slots[j]);
                }
        }
        SlotSizes = sizes.ToArray();
    }

    public Expr[] Roots { get; }

    public Expr[] Steps { get; }

    public int[] RootSteps { get; }

    public int[][] Operands { get; }

    public Expr[] Variables { get; }

    public int[] Slots { get; }

    public int[] SlotSizes { get; }

    public int MaxArity { get; }

    /// <summary>Total doubles of intermediate storage one evaluation uses.</summary>
    public long WorkspaceDoubles => SlotSizes.Sum(s => (long)s);

    public double[][] RentWorkspace()
    {
        if (_workspaces.TryTake(out var ws)) return ws;
        return SlotSizes.Select(s => new double[s]).ToArray();
    }

    public void ReturnWorkspace(double[][] workspace) => _workspaces.Add(workspace);
}
