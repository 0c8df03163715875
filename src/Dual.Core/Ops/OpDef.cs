namespace Dual;

/// <summary>Computes a primitive's output shape from its operands and attribute; throws <see cref="ShapeException"/> if they do not fit.</summary>
public delegate Shape ShapeRule(IReadOnlyList<Expr> inputs, object? attribute);

/// <summary>Computes one node's value: reads its operands' values (row-major) and writes every element of <paramref name="output"/>.</summary>
public delegate void Kernel(ReadOnlySpan<double[]> inputs, double[] output);

/// <summary>
/// Prepares the kernel for one node: everything that depends only on shapes and attributes
/// (broadcast strides, row offsets, batch offsets) is worked out here, once per plan step.
/// </summary>
public delegate Kernel KernelFactory(Expr y);

/// <summary>Reverse-mode rule: the cotangent of each operand given the output cotangent <paramref name="dy"/>; null means zero (or not differentiable).</summary>
public delegate Expr?[] VjpRule(Expr y, Expr dy);

/// <summary>Forward-mode rule: the output tangent given the operands' tangents (null means zero); returns null for a zero tangent.</summary>
public delegate Expr? JvpRule(Expr y, IReadOnlyList<Expr?> tangents);

/// <summary>
/// One primitive: its shape rule, forward kernel, and its reverse (VJP) and forward (JVP) rules,
/// side by side. The rules are written as expressions of other primitives, so derivatives are
/// themselves differentiable graphs. Rule convention: inputs <c>x</c> or <c>a, b</c>, output <c>y</c>,
/// output cotangent <c>dy</c>, input tangents <c>dx, da, db</c>.
/// </summary>
public sealed partial class OpDef
{
    /// <summary>Defines a primitive from its four parts.</summary>
    internal OpDef(OpKind kind, int arity, ShapeRule shape, KernelFactory kernel, VjpRule vjp, JvpRule jvp)
    {
        Kind = kind;
        Name = kind.ToString();
        Arity = arity;
        InferShape = shape;
        Prepare = kernel;
        Vjp = vjp;
        Jvp = jvp;
    }

    /// <summary>Which primitive this is.</summary>
    public OpKind Kind { get; }

    /// <summary>The primitive's name (NumPy/JAX verb, or the name a user gave it); for people, not identity.</summary>
    public string Name { get; }

    /// <summary>The number of operands, or −1 for any number.</summary>
    public int Arity { get; }

    /// <summary>The shape rule.</summary>
    public ShapeRule InferShape { get; }

    /// <summary>The forward kernel factory: plans call it once per node and run the kernel it returns.</summary>
    public KernelFactory Prepare { get; }

    /// <summary>The reverse-mode rule.</summary>
    public VjpRule Vjp { get; }

    /// <summary>The forward-mode rule.</summary>
    public JvpRule Jvp { get; }

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>
    /// An elementwise unary primitive. <paramref name="vjp"/> gets (x, y, dy) and returns dx;
    /// <paramref name="jvp"/> gets (x, y, dx) and returns dy.
    /// </summary>
    internal static OpDef Unary(OpKind kind, Kernels.SpanMap kernel, Func<Expr, Expr, Expr, Expr> vjp, Func<Expr, Expr, Expr, Expr> jvp) =>
        new(kind, 1,
            static (inputs, _) => inputs[0].Shape,
            Kernels.ElementwiseKernel.Unary(kernel),
            (y, dy) => [vjp(y.Input(0), y, dy)],
            (y, t) => t[0] is { } dx ? jvp(y.Input(0), y, dx) : null);

    /// <summary>
    /// An elementwise binary primitive with NumPy broadcasting. The rules are written as if both
    /// operands had the output's shape: <paramref name="vjp"/> gets (a, b, y, dy) and returns (da, db),
    /// and this wrapper sums each cotangent back to its operand's shape (<see cref="Expr.SumTo"/>), the
    /// one place where broadcasting is undone. <paramref name="jvp"/> gets (a, b, y, da, db), with a
    /// symbolic zero standing for a missing tangent.
    /// </summary>
    internal static OpDef Binary(OpKind kind, Kernels.BinaryKernel kernel,
        Func<Expr, Expr, Expr, Expr, (Expr Da, Expr Db)> vjp, Func<Expr, Expr, Expr, Expr, Expr, Expr> jvp) =>
        new(kind, 2,
            BroadcastShape,
            Kernels.ElementwiseKernel.Binary(kernel),
            (y, dy) =>
            {
                Expr a = y.Input(0), b = y.Input(1);
                var (da, db) = vjp(a, b, y, dy);
                return [da.SumTo(a.Shape), db.SumTo(b.Shape)];
            },
            (y, t) => t[0] is null && t[1] is null ? null
                : jvp(y.Input(0), y.Input(1), y, t[0] ?? Expr.Zeros(y.Input(0).Shape), t[1] ?? Expr.Zeros(y.Input(1).Shape)));

    /// <summary>A comparison: a 0/1 mask with no derivative.</summary>
    internal static OpDef Comparison(OpKind kind, Kernels.BinaryKernel kernel) =>
        new(kind, 2,
            BroadcastShape,
            Kernels.ElementwiseKernel.Binary(kernel),
            static (_, _) => [null, null],
            static (_, _) => null);

    internal static Shape BroadcastShape(IReadOnlyList<Expr> inputs, object? attribute)
    {
        var shape = inputs[0].Shape;
        for (var i = 1; i < inputs.Count; i++)
            shape = Shape.TryBroadcast(shape, inputs[i].Shape)
                ?? throw new ShapeException($"shapes {string.Join(" and ", inputs.Select(x => x.Shape))} do not broadcast together");
        return shape;
    }
}
