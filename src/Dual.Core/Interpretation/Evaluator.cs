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
    private static readonly ConditionalWeakTable<Expr, List<Plan>> Plans = [];

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
        var plans = Plans.GetValue(roots[0], _ => []);
        lock (plans)
        {
            foreach (var p in plans)
                if (p.Roots.Length == roots.Count && p.Roots.Zip(roots).All(t => ReferenceEquals(t.First, t.Second)))
                    return p;
            var plan = new Plan(roots);
            plans.Add(plan);
            return plan;
        }
    }

    private static Tensor[] Run(Plan plan, Env env, EvaluationOptions options)
    {
        var steps = plan.Steps;
        var values = new double[]?[steps.Length];
        var results = new Tensor?[steps.Length];
        var operands = new double[plan.MaxArity][];
        var workspace = plan.RentWorkspace();
        try
        {
            foreach (var v in plan.Variables) CheckBinding(v, env, options);
            for (var i = 0; i < steps.Length; i++)
            {
                var node = steps[i];
                switch (node.Op)
                {
                    case OpKind.Constant:
                        results[i] = node.Value!;
                        values[i] = node.Value!.Data;
                        continue;
                    case OpKind.Variable:
                        results[i] = env[node.Name!];
                        values[i] = results[i]!.Data;
                        continue;
                }
                var ops = plan.Operands[i];
                for (var k = 0; k < ops.Length; k++) operands[k] = values[ops[k]]!;
                var output = plan.Slots[i] >= 0 ? workspace[plan.Slots[i]] : new double[node.Shape.Size];
                OpTable.Get(node.Op).Forward(node, operands.AsSpan(0, ops.Length), output);
                if (options.CheckFinite) CheckFinite(node, output);
                values[i] = output;
            }
            var rootValues = new Tensor[plan.Roots.Length];
            for (var r = 0; r < rootValues.Length; r++)
            {
                var s = plan.RootSteps[r];
                rootValues[r] = results[s] ?? new Tensor(steps[s].Shape, values[s]!);
            }
            return rootValues;
        }
        finally
        {
            plan.ReturnWorkspace(workspace);
        }
    }

    private static void CheckBinding(Expr variable, Env env, EvaluationOptions options)
    {
        if (!env.TryGetValue(variable.Name!, out var value)) throw env.Unbound(variable.Name!);
        if (value.Shape != variable.Shape)
            throw new ShapeException($"Variable '{variable.Name}' has shape {variable.Shape} but is bound to a tensor of shape {value.Shape}.");
        if (options.CheckFinite && !AllFinite(value.Span))
            throw new NonFiniteException($"Variable '{variable.Name}' is bound to a value with NaN or infinity.");
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
