using System.Collections.Concurrent;

namespace Dual;

/// <summary>
/// How to evaluate a fixed set of roots, decided once and cached: the topological order; each
/// step's primitive and operands; subgraphs of constants folded to constants; reshapes and
/// stop-gradients turned into views that share their operand's buffer; and buffer slots
/// assigned so that an intermediate's buffer is reused once its last reader has run. Immutable,
/// so many threads may run it at once, each with its own rented <see cref="Workspace"/>.
/// </summary>
internal sealed class Plan
{
    // One cached workspace serves the common single-threaded case with two interlocked operations;
    // concurrent evaluations park extra ones in a lock-free queue.
    private readonly ConcurrentQueue<Workspace> _spare = new();
    private Workspace? _cached;

    public Plan(IReadOnlyList<Expr> roots)
    {
        Roots = roots.ToArray();
        Steps = Graph.TopologicalOrder(Roots).ToArray();
        var count = Steps.Length;
        var index = new Dictionary<Expr, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < count; i++) index.Add(Steps[i], i);
        RootSteps = Roots.Select(r => index[r]).ToArray();
        Operands = Steps.Select(s => s.InputArray.Select(x => index[x]).ToArray()).ToArray();
        Variables = Graph.Variables(Roots).ToArray();
        Defs = new OpDef?[count];
        Constants = new Tensor?[count];
        VariableOf = new int[count];
        Source = new int[count];
        var variableIndex = Variables.Select((v, i) => (v.Name!, i)).ToDictionary(t => t.Item1, t => t.i);

        for (var i = 0; i < count; i++)
        {
            var node = Steps[i];
            Source[i] = i;
            VariableOf[i] = node.Op == OpKind.Variable ? variableIndex[node.Name!] : -1;
            if (node.Op == OpKind.Constant) Constants[i] = node.Value;
            if (node.IsLeaf) continue;
            Defs[i] = node.Definition!;
            if (Operands[i].All(j => Constants[j] is not null))
                Constants[i] = Fold(node, Defs[i]!, Operands[i].Select(j => Constants[j]!.Data).ToArray());
            else if (node.Op is OpKind.Reshape or OpKind.StopGradient)
                Source[i] = Source[Operands[i][0]]; // a view: same values, same buffer
        }

        // The last computing step that reads each buffer (through views); roots are read after the end.
        var lastUse = new int[count];
        for (var i = 0; i < count; i++)
        {
            if (!Computes(i)) continue;
            foreach (var j in Operands[i]) lastUse[Source[j]] = Math.Max(lastUse[Source[j]], i);
        }
        foreach (var r in RootSteps) lastUse[Source[r]] = int.MaxValue;

        Slots = new int[count];
        var sizes = new List<int>();
        var free = new Dictionary<int, Stack<int>>();
        for (var i = 0; i < count; i++)
        {
            Slots[i] = -1; // leaves, folded constants, views and root buffers own no slot
            if (!Computes(i)) continue;
            if (lastUse[i] != int.MaxValue)
            {
                var size = Steps[i].Shape.Size;
                if (free.TryGetValue(size, out var stack) && stack.Count > 0) Slots[i] = stack.Pop();
                else
                {
                    Slots[i] = sizes.Count;
                    sizes.Add(size);
                }
            }
            // Release buffers read for the last time here, after this step's own is taken,
            // so a kernel never writes into a buffer it is reading.
            foreach (var j in Operands[i].Select(j => Source[j]).Distinct())
                if (lastUse[j] == i && Slots[j] >= 0)
                {
                    var size = Steps[j].Shape.Size;
                    if (!free.TryGetValue(size, out var s)) free[size] = s = new Stack<int>();
                    s.Push(Slots[j]);
                }
        }
        SlotSizes = sizes.ToArray();
        Kernels = new Kernel?[count];
        for (var i = 0; i < count; i++)
            if (Computes(i)) Kernels[i] = Defs[i]!.Prepare(Steps[i]);

        // What changes from one evaluation to the next: the bound variables and the roots' fresh buffers.
        // Every other operand (a constant or a pooled slot) is wired into the workspace once.
        ComputeSteps = Enumerable.Range(0, count).Where(Computes).ToArray();
        FreshSteps = ComputeSteps.Where(i => Slots[i] < 0).ToArray();
        Patches = ComputeSteps
            .SelectMany(i => Operands[i].Select((j, k) => (Step: i, Operand: k, Source: Source[j], Fixed: Constants[j] is not null)))
            .Where(o => !o.Fixed && Slots[o.Source] < 0)
            .Select(o => (o.Step, o.Operand, o.Source))
            .ToArray();
        // A fresh step writes straight into the first root it holds; other roots on it (a repeated root, a view) get copies.
        FreshRoot = FreshSteps.Select(f => Array.FindIndex(RootSteps, r => Source[r] == f && Constants[r] is null)).ToArray();
        WritesRoot = new bool[RootSteps.Length];
        foreach (var r in FreshRoot) WritesRoot[r] = true;
        Scalar = ScalarProgram.TryCompile(this);
    }

    /// <summary>The plan as a flat program of scalars, if every step holds one element and runs a primitive it covers; null otherwise.</summary>
    public ScalarProgram? Scalar { get; }

    /// <summary>For each fresh step, the first root whose values it holds (a root's buffer may be the caller's).</summary>
    public int[] FreshRoot { get; }

    /// <summary>Whether a root's buffer is written by its own fresh step; other roots (variables, constants, repeats, views) are copied out.</summary>
    public bool[] WritesRoot { get; }

    /// <summary>The steps that run a kernel, in order.</summary>
    public int[] ComputeSteps { get; }

    /// <summary>The computing steps that write a new buffer on every evaluation (they hold roots' values).</summary>
    public int[] FreshSteps { get; }

    /// <summary>Operand <c>Operand</c> of step <c>Step</c> reads <c>Source</c>, a variable or a fresh step: set per evaluation.</summary>
    public (int Step, int Operand, int Source)[] Patches { get; }

    /// <summary>The prepared kernel of each computing step; null otherwise.</summary>
    public Kernel?[] Kernels { get; }

    public Expr[] Roots { get; }

    /// <summary>Whether a step runs a kernel into a buffer of its own (not a leaf, folded constant or view).</summary>
    public bool Computes(int step) => Defs[step] is not null && Constants[step] is null && Source[step] == step;

    public Expr[] Steps { get; }

    public int[] RootSteps { get; }

    public int[][] Operands { get; }

    public Expr[] Variables { get; }

    /// <summary>The primitive of each step; null for leaves.</summary>
    public OpDef?[] Defs { get; }

    /// <summary>The value of each step that is a constant or was folded into one; null otherwise.</summary>
    public Tensor?[] Constants { get; }

    /// <summary>The index into <see cref="Variables"/> of each variable step; −1 otherwise.</summary>
    public int[] VariableOf { get; }

    /// <summary>The step whose buffer holds each step's values (itself, or the operand a view reads).</summary>
    public int[] Source { get; }

    /// <summary>The pooled buffer of each step, or −1 (leaf, constant, view, or a root's own fresh buffer).</summary>
    public int[] Slots { get; }

    public int[] SlotSizes { get; }

    /// <summary>Total doubles of intermediate storage one evaluation uses.</summary>
    public long WorkspaceDoubles => SlotSizes.Sum(s => (long)s);

    public Workspace RentWorkspace() =>
        Interlocked.Exchange(ref _cached, null) ?? (_spare.TryDequeue(out var ws) ? ws : new Workspace(this));

    public void ReturnWorkspace(Workspace workspace)
    {
        if (Interlocked.CompareExchange(ref _cached, workspace, null) is not null) _spare.Enqueue(workspace);
    }

    private static Tensor Fold(Expr node, OpDef def, double[][] operands)
    {
        var output = new double[node.Shape.Size];
        def.Prepare(node)(operands, output);
        return new Tensor(node.Shape, output);
    }

    /// <summary>
    /// One evaluation's private buffers, reused by later evaluations of the same plan: the pooled slots, and each
    /// computing step's operand list and output already pointing at them, so that an evaluation only fills in
    /// the <see cref="Patches"/> and the fresh outputs.
    /// </summary>
    internal sealed class Workspace
    {
        public Workspace(Plan plan)
        {
            Slots = plan.SlotSizes.Select(s => new double[s]).ToArray();
            Inputs = new double[plan.Steps.Length][][];
            Outputs = new double[plan.Steps.Length][];
            foreach (var i in plan.ComputeSteps)
            {
                var operands = plan.Operands[i];
                Inputs[i] = new double[operands.Length][];
                for (var k = 0; k < operands.Length; k++)
                {
                    var j = operands[k];
                    if (plan.Constants[j] is { } constant) Inputs[i][k] = constant.Data;
                    else if (plan.Slots[plan.Source[j]] is var slot and >= 0) Inputs[i][k] = Slots[slot];
                }
                if (plan.Slots[i] >= 0) Outputs[i] = Slots[plan.Slots[i]];
            }
            Bound = new Tensor[plan.Variables.Length];
            Spare = new double[plan.FreshSteps.Length][];
            RootData = new double[plan.RootSteps.Length][];
            Into = new double[plan.RootSteps.Length][];
            if (plan.Scalar is { } program)
            {
                Registers = program.NewRegisters();
                ScalarRoots = plan.RootSteps.Select(_ => new double[1]).ToArray();
            }
        }

        /// <summary>The register file of the plan's <see cref="ScalarProgram"/> (null if it has none).</summary>
        public double[]? Registers { get; }

        /// <summary>One-element arrays for the roots of a scalar program's call that keeps its results private.</summary>
        public double[][]? ScalarRoots { get; }

        /// <summary>The caller's array for each root in a call that writes into them (null: the workspace's own).</summary>
        public double[]?[] Into { get; }

        /// <summary>Buffers for the fresh steps of a call that keeps its results private (a loss read as a number); made on first use.</summary>
        public double[][] Spare { get; }

        /// <summary>Each root's values after a call that writes into the caller's buffers, read before the workspace goes back.</summary>
        public double[][] RootData { get; }

        public double[][] Slots { get; }

        /// <summary>Each computing step's operand buffers (null for other steps).</summary>
        public double[][][] Inputs { get; }

        /// <summary>Each computing step's output buffer (a slot, or a fresh array set per evaluation).</summary>
        public double[]?[] Outputs { get; }

        public Tensor[] Bound { get; }
    }
}
