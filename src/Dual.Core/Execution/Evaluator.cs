using System.Runtime.CompilerServices;

namespace Dual;

/// <summary>
/// The fast engine: evaluates expressions under bindings with the same bits as the reference
/// <see cref="Interpreter"/>, through an execution plan built on first use and cached (keyed by the root
/// nodes' identity): constants folded, views instead of copies, intermediate buffers reused, kernels
/// prepared once. Pure: the graph, the bindings and every tensor given are left unchanged, results are
/// fresh tensors, and any number of threads may evaluate the same graph at once.
/// </summary>
public static class Evaluator
{
    private static readonly ConditionalWeakTable<Expr, PlanList> Plans = [];

    /// <summary>The value of <paramref name="root"/> with its variables bound by <paramref name="env"/>.</summary>
    public static Tensor Evaluate(Expr root, Env env, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        return Evaluate([root], env, options)[0];
    }

    /// <summary>The values of several roots, evaluated together so shared nodes run once.</summary>
    public static Tensor[] Evaluate(IReadOnlyList<Expr> roots, Env env, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentNullException.ThrowIfNull(env);
        if (roots.Count == 0) return [];
        return Run(PlanFor(roots), env, options ?? EvaluationOptions.Default);
    }

    internal static Plan PlanFor(IReadOnlyList<Expr> roots)
    {
        var list = Plans.GetValue(roots[0], static _ => new PlanList());
        foreach (var p in list.Items)
            if (SameRoots(p.Roots, roots)) return p;
        lock (list)
        {
            foreach (var p in list.Items)
                if (SameRoots(p.Roots, roots)) return p;
            var plan = new Plan(roots);
            list.Items = [.. list.Items, plan];
            return plan;
        }
    }

    // Read without a lock (the array is replaced, never changed); written under the list's lock.
    private sealed class PlanList
    {
        public volatile Plan[] Items = [];
    }

    private static bool SameRoots(Expr[] cached, IReadOnlyList<Expr> roots)
    {
        if (cached.Length != roots.Count) return false;
        for (var i = 0; i < cached.Length; i++)
            if (!ReferenceEquals(cached[i], roots[i])) return false;
        return true;
    }

    /// <summary>Runs <paramref name="plan"/> with its variables bound by <paramref name="env"/>, except one bound to <paramref name="extra"/> if given (a name no user can bind).</summary>
    internal static Tensor[] Run(Plan plan, Env env, EvaluationOptions options, (string Name, Tensor Value)? extra = null)
    {
        var workspace = plan.RentWorkspace();
        try
        {
            var bound = workspace.Bound;
            for (var v = 0; v < bound.Length; v++)
                bound[v] = extra is { } e && plan.Variables[v].Name == e.Name ? e.Value : Bind(plan.Variables[v], env, options);
            return RunFresh(plan, workspace, options);
        }
        finally
        {
            Array.Clear(workspace.Bound);
            plan.ReturnWorkspace(workspace);
        }
    }

    /// <summary>Runs a plan whose workspace has its variables bound; the results are fresh tensors the caller may keep.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static Tensor[] RunFresh(Plan plan, Plan.Workspace workspace, EvaluationOptions options)
    {
        if (plan.Scalar is { } program && !options.CheckFinite)
        {
            program.Run(workspace.Registers!, workspace.Bound);
            var values = new Tensor[plan.RootSteps.Length];
            for (var r = 0; r < values.Length; r++)
                values[r] = new Tensor(plan.Steps[plan.RootSteps[r]].Shape, [workspace.Registers![program.RootRegisters[r]]]);
            return values;
        }
        var outputs = workspace.Outputs;
        var fresh = plan.FreshSteps;
        try
        {
            // Kernels overwrite every element of their output, so fresh buffers need no zeroing.
            for (var f = 0; f < fresh.Length; f++)
                outputs[fresh[f]] = GC.AllocateUninitializedArray<double>(plan.Steps[fresh[f]].Shape.Size);
            RunKernels(plan, workspace, options);
            var results = new Tensor[plan.RootSteps.Length];
            for (var r = 0; r < results.Length; r++)
            {
                var root = plan.RootSteps[r];
                results[r] = new Tensor(plan.Steps[root].Shape, RootData(plan, workspace, root));
            }
            return results;
        }
        finally
        {
            Release(plan, workspace);
        }
    }

    /// <summary>
    /// Runs a plan whose workspace has its variables bound, writing root r into <paramref name="into"/>[r] where that is
    /// given (the caller's arrays, of the root's size, none of them bound as an input) and into the workspace's own
    /// buffers otherwise. Afterwards <see cref="Plan.Workspace.RootData"/> holds each root's values until the workspace
    /// is returned.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void RunInto(Plan plan, Plan.Workspace workspace, EvaluationOptions options, ReadOnlySpan<double[]?> into)
    {
        if (plan.Scalar is { } program && !options.CheckFinite)
        {
            RunScalar(plan, program, workspace, into);
            return;
        }
        var outputs = workspace.Outputs;
        var fresh = plan.FreshSteps;
        try
        {
            for (var f = 0; f < fresh.Length; f++)
                outputs[fresh[f]] = into[plan.FreshRoot[f]] ?? (workspace.Spare[f] ??= new double[plan.Steps[fresh[f]].Shape.Size]);
            RunKernels(plan, workspace, options);
            var data = workspace.RootData;
            for (var r = 0; r < data.Length; r++)
            {
                var values = RootData(plan, workspace, plan.RootSteps[r]);
                // A variable, a constant, a repeated root or a view: copied into the caller's array.
                if (into[r] is { } target && !plan.WritesRoot[r]) values.CopyTo(target, 0);
                data[r] = into[r] ?? values;
            }
        }
        finally
        {
            Release(plan, workspace);
        }
    }

    // A plan of scalars runs its flat program (checked evaluation takes the kernels, which name the step that failed).
    private static void RunScalar(Plan plan, ScalarProgram program, Plan.Workspace workspace, ReadOnlySpan<double[]?> into)
    {
        var registers = workspace.Registers!;
        program.Run(registers, workspace.Bound);
        var data = workspace.RootData;
        var rootRegisters = program.RootRegisters;
        for (var r = 0; r < data.Length; r++)
        {
            var target = into[r] ?? workspace.ScalarRoots![r];
            target[0] = registers[rootRegisters[r]];
            data[r] = target;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunKernels(Plan plan, Plan.Workspace workspace, EvaluationOptions options)
    {
        var inputs = workspace.Inputs;
        var outputs = workspace.Outputs;
        foreach (var (step, operand, source) in plan.Patches) inputs[step][operand] = Data(plan, workspace, source);
        var kernels = plan.Kernels;
        foreach (var i in plan.ComputeSteps)
        {
            var output = outputs[i]!;
            kernels[i]!(inputs[i], output);
            if (options.CheckFinite) CheckFinite(plan.Steps[i], output);
        }
    }

    // The workspace outlives the call: it must not keep the caller's tensors or arrays alive.
    private static void Release(Plan plan, Plan.Workspace workspace)
    {
        var inputs = workspace.Inputs;
        foreach (var (step, operand, _) in plan.Patches) inputs[step][operand] = null!;
        foreach (var s in plan.FreshSteps) workspace.Outputs[s] = null;
    }

    private static double[] RootData(Plan plan, Plan.Workspace workspace, int root) =>
        plan.Constants[root]?.Data ?? Data(plan, workspace, plan.Source[root]);

    // The values of a step that is a variable or writes a fresh buffer.
    private static double[] Data(Plan plan, Plan.Workspace workspace, int step) =>
        plan.VariableOf[step] is var v and >= 0 ? workspace.Bound[v].Data : workspace.Outputs[step]!;

    internal static Tensor Bind(Expr variable, Env env, EvaluationOptions options)
    {
        if (!env.TryGetValue(variable.Name!, out var value)) throw env.Unbound(variable.Name!);
        if (value.Shape != variable.Shape)
            throw new ShapeException($"Variable '{variable.Name}' has shape {variable.Shape} but is bound to a tensor of shape {value.Shape}.");
        if (options.CheckFinite && !AllFinite(value.Span))
            throw new NonFiniteException($"Variable '{variable.Name}' is bound to a value with NaN or infinity.");
        return value;
    }

    private static void CheckFinite(Expr node, double[] output)
    {
        if (AllFinite(output)) return;
        var attribute = node.Attribute is null ? "" : $" ({node.Attribute})";
        throw new NonFiniteException(
            $"{node.OpName}{attribute} produced a non-finite value: output {node.Shape} from operands {string.Join(", ", node.Inputs.Select(x => x.Shape))}{Naming.Near([node])}.");
    }

    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (var v in values)
            if (!double.IsFinite(v)) return false;
        return true;
    }
}
