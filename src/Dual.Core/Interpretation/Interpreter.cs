namespace Dual;

/// <summary>
/// The reference interpreter: the specification of what an expression's value is. It visits the
/// nodes in topological order (operands before the nodes that read them) and computes each one
/// with its primitive's forward kernel into a fresh array. Nothing is cached, no buffer is reused,
/// no constant is folded ahead of time. It is slow on purpose and short enough to read in one sitting.
/// <para>
/// The fast engine (<see cref="Evaluator"/>, <see cref="CompiledGradient"/>; folder <c>Execution/</c>) makes
/// one promise: for any graph and bindings it returns exactly these bits. A property over every
/// row of the op and block catalogues and over random graphs checks that promise.
/// </para>
/// </summary>
public static class Interpreter
{
    /// <summary>The value of <paramref name="root"/> with its variables bound by <paramref name="env"/>.</summary>
    public static Tensor Evaluate(Expr root, Env env)
    {
        ArgumentNullException.ThrowIfNull(root);
        return Evaluate([root], env)[0];
    }

    /// <summary>The values of several roots; a node they share is computed once.</summary>
    public static Tensor[] Evaluate(IReadOnlyList<Expr> roots, Env env)
    {
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentNullException.ThrowIfNull(env);
        var value = new Dictionary<Expr, Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var node in Graph.TopologicalOrder(roots))
        {
            value[node] = node.Op switch
            {
                OpKind.Constant => node.Value!,
                OpKind.Variable => Bind(node, env),
                _ => Apply(node, node.InputArray.Select(x => value[x].Data).ToArray()),
            };
        }
        return roots.Select(r => value[r]).ToArray();
    }

    // One primitive: its kernel reads the operands' values and writes every element of a new array.
    private static Tensor Apply(Expr node, double[][] operands)
    {
        var output = new double[node.Shape.Size];
        var kernel = node.Definition!.Prepare(node);
        kernel(operands, output);
        return new Tensor(node.Shape, output);
    }

    private static Tensor Bind(Expr variable, Env env)
    {
        var value = env[variable.Name!]; // throws naming the bound variables
        if (value.Shape != variable.Shape)
            throw new ShapeException($"Variable '{variable.Name}' has shape {variable.Shape} but is bound to a tensor of shape {value.Shape}.");
        return value;
    }
}
