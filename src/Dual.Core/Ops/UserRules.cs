namespace Dual;

/// <summary>
/// The checks around a user-defined primitive's rules: each rule is called through here, so a rule that
/// throws, or returns the wrong number of cotangents or a value of the wrong shape, fails at its first use
/// with a <see cref="PrimitiveRuleException"/> naming the primitive, not later and elsewhere.
/// </summary>
internal static class UserRules
{
    private static long _nextStandIn;

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
    /// The pass runs on stand-ins for the operands and tangents, so it costs the size of the rule, not of the
    /// graph behind the node; the stand-ins are then replaced by the real operands, output and tangents.
    /// </summary>
    public static Expr? DerivedJvp(OpDef op, VjpRule vjp, Expr y, IReadOnlyList<Expr?> tangents)
    {
        // Names no user graph has: the counter makes them unique, the prefix says what they are.
        var id = Interlocked.Increment(ref _nextStandIn);
        var replace = new Dictionary<Expr, Expr>(ReferenceEqualityComparer.Instance);
        var operands = new Expr[y.Inputs.Count];
        for (var k = 0; k < operands.Length; k++)
        {
            operands[k] = Expr.Variable($"∂{op.Name}/x{k}#{id}", y.Input(k).Shape);
            replace[operands[k]] = y.Input(k);
        }
        var standIn = Expr.Apply(op, operands, y.Attribute);
        replace[standIn] = y;
        var dy = Expr.Variable($"∂{op.Name}/dy#{id}", y.Shape);

        var cotangents = vjp(standIn, dy);
        Expr? pairing = null;
        for (var k = 0; k < cotangents.Length; k++)
        {
            if (tangents[k] is not { } t || cotangents[k] is not { } d) continue;
            var tangent = Expr.Variable($"∂{op.Name}/t{k}#{id}", t.Shape);
            replace[tangent] = t;
            var term = (d * tangent).Sum();
            pairing = pairing is null ? term : pairing + term;
        }
        if (pairing is null) return null;
        var adjoints = ReverseMode.Adjoints(pairing, Expr.Scalar(1.0), new HashSet<string> { dy.Name! });
        if (!adjoints.TryGetValue(dy.Name!, out var jt)) return null;
        return Substitute(jt, replace, op, dy);
    }

    // Rebuilds root with the stand-ins replaced (every inner node is its definition applied to its operands,
    // so it can be applied again to new ones); meeting dy means the rule was not linear in it.
    private static Expr Substitute(Expr root, Dictionary<Expr, Expr> replace, OpDef op, Expr dy)
    {
        foreach (var node in Graph.TopologicalOrder(root))
        {
            if (ReferenceEquals(node, dy))
                throw new PrimitiveRuleException(op, "VJP rule",
                    "is not linear in dy, so no JVP can be derived from it: give a JVP rule, or make each cotangent linear in dy.");
            if (replace.ContainsKey(node) || node.IsLeaf) continue;
            var inputs = node.InputArray;
            var mapped = inputs.Select(x => replace.GetValueOrDefault(x) ?? x).ToArray();
            if (mapped.Where((x, k) => !ReferenceEquals(x, inputs[k])).Any())
                replace[node] = Expr.Apply(node.Definition!, mapped, node.Attribute);
        }
        return replace.GetValueOrDefault(root) ?? root;
    }

    private static string Where(Expr y) => $"for operands {Shapes(y.Inputs)}{(y.Attribute is null ? "" : $" and attribute {y.Attribute}")}{Naming.Near([y])}";

    private static string Shapes(IReadOnlyList<Expr> inputs) => string.Join(", ", inputs.Select(x => x.Shape));
}
