using System.Runtime.CompilerServices;

namespace Dual;

/// <summary>
/// The interpreter: evaluates expressions under bindings. Pure: the graph, the bindings and
/// every tensor given are left unchanged, and any number of threads may evaluate the same graph
/// at once. A shared node is computed once. The execution plan for a set of roots is built on
/// first use and cached (keyed by the root nodes' identity).
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
    public static Tensor[] Evaluate(IReadOnlyList<Expr> roots, Env env, EvaluationOptions? options = null) => Evaluate(roots, env, options, null);

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

    /// <summary>
    /// As <see cref="Evaluate(IReadOnlyList{Expr}, Env, EvaluationOptions?)"/>; with <paramref name="reuse"/>, the results
    /// are written into the arrays kept from this plan's previous evaluation (allocated the first time), and kept there
    /// for the next one. The caller must be done with every tensor the previous evaluation returned.
    /// </summary>
    internal static Tensor[] Evaluate(IReadOnlyList<Expr> roots, Env env, EvaluationOptions? options, ResultBuffers? reuse)
    {
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentNullException.ThrowIfNull(env);
        if (roots.Count == 0) return [];
        return Run(PlanFor(roots), env, options ?? EvaluationOptions.Default, reuse);
    }

    internal static Tensor[] Run(Plan plan, Env env, EvaluationOptions options, ResultBuffers? reuse = null)
    {
        var workspace = plan.RentWorkspace();
        try
        {
            var bound = workspace.Bound;
            for (var v = 0; v < bound.Length; v++) bound[v] = Bind(plan.Variables[v], env, options);
            return Run(plan, workspace, options, reuse);
        }
        finally
        {
            Array.Clear(workspace.Bound);
            plan.ReturnWorkspace(workspace);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Tensor[] Run(Plan plan, Plan.Workspace workspace, EvaluationOptions options, ResultBuffers? reuse)
    {
        var (inputs, outputs) = (workspace.Inputs, workspace.Outputs);
        var patches = plan.Patches;
        var fresh = plan.FreshSteps;
        try
        {
            // Kernels overwrite every element of their output, so fresh buffers need no zeroing.
            var kept = reuse?.Take(plan);
            if (kept is not null && BindsAny(workspace.Bound, kept)) kept = null; // never write over an input
            for (var f = 0; f < fresh.Length; f++)
                outputs[fresh[f]] = kept?[f] ?? GC.AllocateUninitializedArray<double>(plan.Steps[fresh[f]].Shape.Size);
            foreach (var (step, operand, source) in patches) inputs[step][operand] = Data(plan, workspace, source);
            var kernels = plan.Kernels;
            foreach (var i in plan.ComputeSteps)
            {
                var output = outputs[i]!;
                kernels[i]!(inputs[i], output);
                if (options.CheckFinite) CheckFinite(plan.Steps[i], output);
            }
            var results = new Tensor[plan.RootSteps.Length];
            for (var r = 0; r < results.Length; r++)
            {
                var root = plan.RootSteps[r];
                results[r] = new Tensor(plan.Steps[root].Shape, plan.Constants[root]?.Data ?? Data(plan, workspace, plan.Source[root]));
            }
            if (reuse is not null)
            {
                var buffers = kept ?? new double[fresh.Length][];
                for (var f = 0; f < fresh.Length; f++) buffers[f] = outputs[fresh[f]]!;
                reuse.Keep(plan, buffers);
            }
            return results;
        }
        finally
        {
            // The workspace outlives the call: it must not keep the caller's tensors or the results alive.
            foreach (var (step, operand, _) in patches) inputs[step][operand] = null!;
            foreach (var s in plan.FreshSteps) outputs[s] = null;
        }
    }

    // Whether a kept result array is bound as an input this time (a caller that binds an earlier result).
    private static bool BindsAny(Tensor[] bound, double[][] kept)
    {
        foreach (var t in bound)
            foreach (var k in kept)
                if (ReferenceEquals(t.Data, k)) return true;
        return false;
    }

    // The values of a step that is a variable or writes a fresh buffer.
    private static double[] Data(Plan plan, Plan.Workspace workspace, int step) =>
        plan.VariableOf[step] is var v and >= 0 ? workspace.Bound[v].Data : workspace.Outputs[step]!;

    private static Tensor Bind(Expr variable, Env env, EvaluationOptions options)
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
