namespace Dual;

/// <summary>
/// The checks around a user-defined primitive's rules: each rule is called through here, so a rule that
/// throws, or returns the wrong number of cotangents or a value of the wrong shape, fails at its first use
/// with a <see cref="PrimitiveRuleException"/> naming the primitive, not later and elsewhere.
/// </summary>
internal static class UserRules
{
    private static long _nextCotangent;

    public static Shape Shape(OpDef op, ShapeRule? rule, IReadOnlyList<Expr> inputs, object? attribute)
    {
        if (rule is null)
        {
            // Elementwise by default: one shape for every operand.
            var shape = inputs[0].Shape;
            if (inputs.Any(x => x.Shape != shape))
                throw new ShapeException($"operands of shapes {string.Join(", ", inputs.Select(x => x.Shape))} differ (without a shape rule, every operand must have the output's shape)");
            return shape;
        }
        Shape? result;
        try
        {
            result = rule(inputs, attribute);
        }
        catch (Exception e) when (e is not (ShapeException or PrimitiveRuleException))
        {
            throw new PrimitiveRuleException(op, "shape rule", $"threw {e.GetType().Name} for operands {Shapes(inputs)}: {e.Message}", e);
        }
        return result ?? throw new PrimitiveRuleException(op, "shape rule", $"returned null for operands {Shapes(inputs)}.");
    }

    public static void RunForward(OpDef op, PrimitiveForward forward, Expr y, ReadOnlySpan<double[]> operands, double[] output)
    {
        // Fresh copies: a tensor never changes, and these buffers are reused once this step is done.
        var inputs = new Tensor[operands.Length];
        for (var k = 0; k < inputs.Length; k++)
        {
            var shape = y.Input(k).Shape;
            inputs[k] = new Tensor(shape, operands[k].AsSpan(0, shape.Size).ToArray());
        }
        Tensor? result;
        try
        {
            result = forward(inputs, y.Attribute);
        }
        catch (Exception e) when (e is not PrimitiveRuleException)
        {
            throw new PrimitiveRuleException(op, "forward", $"threw {e.GetType().Name} {Where(y)}: {e.Message}", e);
        }
        if (result is null) throw new PrimitiveRuleException(op, "forward", $"returned null {Where(y)}.");
        if (result.Shape != y.Shape)
            throw new PrimitiveRuleException(op, "forward", $"returned shape {result.Shape}; the shape rule promised {y.Shape} (operands {Shapes(y.Inputs)}){Naming.Near([y])}.");
        result.Span.CopyTo(output);
    }

    public static Kernel PrepareKernel(OpDef op, KernelFactory factory, Expr y)
    {
        Kernel? kernel;
        try
        {
            kernel = factory(y);
        }
        catch (Exception e) when (e is not PrimitiveRuleException)
        {
            throw new PrimitiveRuleException(op, "kernel", $"threw {e.GetType().Name} while being prepared {Where(y)}: {e.Message}", e);
        }
        if (kernel is null) throw new PrimitiveRuleException(op, "kernel", $"factory returned null {Where(y)}.");
        return (x, output) =>
        {
            try
            {
                kernel(x, output);
            }
            catch (Exception e) when (e is not PrimitiveRuleException)
            {
                throw new PrimitiveRuleException(op, "kernel", $"threw {e.GetType().Name} {Where(y)}: {e.Message}", e);
            }
        };
    }

    public static Expr?[] Vjp(OpDef op, VjpRule rule, Expr y, Expr dy)
    {
        Expr?[]? cotangents;
        try
        {
            cotangents = rule(y, dy);
        }
        catch (Exception e) when (e is not PrimitiveRuleException)
        {
            throw new PrimitiveRuleException(op, "VJP rule", $"threw {e.GetType().Name} {Where(y)}: {e.Message}", e);
        }
        var n = y.Inputs.Count;
        if (cotangents is null)
            throw new PrimitiveRuleException(op, "VJP rule", $"returned null; it must return one cotangent per operand ({n}), null for a zero one.");
        if (cotangents.Length != n)
            throw new PrimitiveRuleException(op, "VJP rule",
                $"returned {cotangents.Length} cotangent{(cotangents.Length == 1 ? "" : "s")}; {op.Name} has {n} operand{(n == 1 ? "" : "s")}.");
        for (var k = 0; k < n; k++)
            if (cotangents[k] is { } d && d.Shape != y.Input(k).Shape)
                throw new PrimitiveRuleException(op, "VJP rule",
                    $"returned a cotangent of shape {d.Shape} for operand {k}, which has shape {y.Input(k).Shape}{Naming.Near([y])}.");
        return (Expr?[])cotangents.Clone();
    }

    public static Expr? Jvp(OpDef op, JvpRule rule, Expr y, IReadOnlyList<Expr?> tangents)
    {
        Expr? tangent;
        try
        {
            tangent = rule(y, tangents);
        }
        catch (Exception e) when (e is not PrimitiveRuleException)
        {
            throw new PrimitiveRuleException(op, "JVP rule", $"threw {e.GetType().Name} {Where(y)}: {e.Message}", e);
        }
        if (tangent is not null && tangent.Shape != y.Shape)
            throw new PrimitiveRuleException(op, "JVP rule", $"returned a tangent of shape {tangent.Shape}; the output has shape {y.Shape}{Naming.Near([y])}.");
        return tangent;
    }

    /// <summary>
    /// J·t from the VJP rule alone. The VJP is linear in the cotangent: <c>⟨vjp(dy), t⟩ = ⟨dy, J·t⟩</c>, so the
    /// gradient of the left side with respect to a stand-in variable dy is J·t, built by one more reverse pass.
    /// </summary>
    public static Expr? DerivedJvp(OpDef op, VjpRule vjp, Expr y, IReadOnlyList<Expr?> tangents)
    {
        // A name no user graph has: the counter makes it unique, the prefix says what it is.
        var name = $"∂{op.Name}/dy#{Interlocked.Increment(ref _nextCotangent)}";
        var dy = Expr.Variable(name, y.Shape);
        var cotangents = vjp(y, dy);
        Expr? pairing = null;
        for (var k = 0; k < cotangents.Length; k++)
        {
            if (tangents[k] is not { } t || cotangents[k] is not { } d) continue;
            var term = (d * t).Sum();
            pairing = pairing is null ? term : pairing + term;
        }
        if (pairing is null) return null;
        var adjoints = ReverseMode.Adjoints(pairing, Expr.Scalar(1.0), new HashSet<string> { name });
        if (!adjoints.TryGetValue(name, out var jt)) return null;
        if (Reaches(jt, dy, stopAt: [y, .. y.Inputs, .. tangents.OfType<Expr>()]))
            throw new PrimitiveRuleException(op, "VJP rule",
                "is not linear in dy, so no JVP can be derived from it: give a JVP rule, or make each cotangent linear in dy.");
        return jt;
    }

    // Whether target is reachable from root, not looking behind the given nodes (the primal graph, which
    // cannot contain the fresh dy): the walk stays within the expressions the rule just built.
    private static bool Reaches(Expr root, Expr target, Expr[] stopAt)
    {
        var seen = new HashSet<Expr>(stopAt, ReferenceEqualityComparer.Instance);
        var stack = new Stack<Expr>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (ReferenceEquals(node, target)) return true;
            if (!seen.Add(node)) continue;
            foreach (var input in node.Inputs) stack.Push(input);
        }
        return false;
    }

    private static string Where(Expr y) => $"for operands {Shapes(y.Inputs)}{(y.Attribute is null ? "" : $" and attribute {y.Attribute}")}{Naming.Near([y])}";

    private static string Shapes(IReadOnlyList<Expr> inputs) => string.Join(", ", inputs.Select(x => x.Shape));
}
