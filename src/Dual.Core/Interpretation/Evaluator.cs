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

    internal static Tensor[] Run(Plan plan, Env env, EvaluationOptions options)
    {
        var workspace = plan.RentWorkspace();
        try
        {
            var bound = workspace.Bound;
            for (var v = 0; v < bound.Length; v++) bound[v] = Bind(plan.Variables[v], env, options);
            return Run(plan, workspace, options);
        }
        finally
        {
            Array.Clear(workspace.Bound);
            plan.ReturnWorkspace(workspace);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Tensor[] Run(Plan plan, Plan.Workspace workspace, EvaluationOptions options)
    {
        var steps = plan.Steps;
        var values = workspace.Values;
        var operands = workspace.Operands;
        var slots = workspace.Slots;
        try
        {
            for (var i = 0; i < steps.Length; i++)
            {
                if (plan.Constants[i] is { } constant)
                {
                    values[i] = constant.Data;
                    continue;
                }
                var variable = plan.VariableOf[i];
                if (variable >= 0)
                {
                    values[i] = workspace.Bound[variable].Data;
                    continue;
                }
                var source = plan.Source[i];
                if (source != i)
                {
                    values[i] = values[source];
                    continue;
                }
                var ops = plan.Operands[i];
                for (var k = 0; k < ops.Length; k++) operands[k] = values[ops[k]]!;
                var node = steps[i];
                var output = plan.Slots[i] >= 0 ? slots[plan.Slots[i]] : GC.AllocateUninitializedArray<double>(node.Shape.Size); // kernels overwrite every element
                plan.Kernels[i]!(operands.AsSpan(0, ops.Length), output);
                if (options.CheckFinite) CheckFinite(node, output);
                values[i] = output;
            }
            var results = new Tensor[plan.RootSteps.Length];
            for (var r = 0; r < results.Length; r++)
            {
                var s = plan.RootSteps[r];
                results[r] = new Tensor(steps[s].Shape, values[s]!);
            }
            return results;
        }
        finally
        {
            Array.Clear(values);
            Array.Clear(operands);
        }
    }

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
            $"{node.Op}{attribute} produced a non-finite value: output {node.Shape} from operands {string.Join(", ", node.Inputs.Select(x => x.Shape))}{Naming.Near([node])}.");
    }

    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (var v in values)
            if (!double.IsFinite(v)) return false;
        return true;
    }
}
