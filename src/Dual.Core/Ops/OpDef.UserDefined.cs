namespace Dual;

public sealed partial class OpDef
{
    private OpDef(string name, int arity, ShapeRule shape, KernelFactory kernel, VjpRule vjp, JvpRule jvp, PrimitiveForward forward,
        bool hasKernel)
        : this(OpKind.Custom, arity, shape, kernel, vjp, jvp)
    {
        Name = name;
        Forward = forward;
        HasKernel = hasKernel;
    }

    /// <summary>True for a primitive made by <see cref="Define"/>.</summary>
    public bool IsUserDefined => Kind == OpKind.Custom;

    /// <summary>A user-defined primitive's plain forward (the reference its optional kernel is checked against); null for built-ins.</summary>
    internal PrimitiveForward? Forward { get; }

    /// <summary>Whether the user gave a fast kernel besides the plain forward.</summary>
    internal bool HasKernel { get; }

    /// <summary>
    /// Defines a primitive of your own. The result is a value you keep (there is no registry): apply it
    /// to expressions with <see cref="Apply(Expr[])"/> and the nodes it makes evaluate, print, differentiate
    /// (again and again), run in checked mode and train like built-in ones. Identity is this object, the name
    /// is for people: two definitions with one name are two ops. Check it with <see cref="PrimitiveCheck"/>.
    /// </summary>
    /// <param name="name">The name printed in graphs and errors (non-empty, no whitespace).</param>
    /// <param name="arity">The number of operands (at least 1).</param>
    /// <param name="forward">The plain forward over tensors; pure, since many threads may call it at once.</param>
    /// <param name="vjp">
    /// The reverse rule, written as expressions: given the node <c>y</c> (its operands are <c>y.Inputs</c>,
    /// its attribute <c>y.Attribute</c>) and the output cotangent <c>dy</c>, one cotangent per operand, each
    /// of its operand's shape, or null for zero. It must be linear in <c>dy</c>.
    /// </param>
    /// <param name="jvp">
    /// The forward rule: given <c>y</c> and each operand's tangent (null for zero), the output tangent
    /// (null for zero). When omitted it is derived from <paramref name="vjp"/>: the VJP is linear in dy, so
    /// differentiating <c>⟨vjp(dy), t⟩</c> with respect to dy (one more reverse pass) gives <c>J·t</c>.
    /// </param>
    /// <param name="shape">
    /// The shape rule (throw <see cref="ShapeException"/> for operands that do not fit). When omitted, every
    /// operand must have one shape, which is the output's: an elementwise op.
    /// </param>
    /// <param name="kernel">
    /// An optional fast forward: called once per plan step with the node, it returns a kernel that reads the
    /// operands' row-major values and writes every element of the output. The plain forward stays the reference.
    /// </param>
    /// <exception cref="ArgumentException">An empty name, a name with whitespace, or an arity below 1.</exception>
    public static OpDef Define(string name, int arity, PrimitiveForward forward, VjpRule vjp,
        JvpRule? jvp = null, ShapeRule? shape = null, KernelFactory? kernel = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(vjp);
        if (name.Length == 0 || name.Any(char.IsWhiteSpace))
            throw new ArgumentException($"A primitive's name must be non-empty and contain no whitespace, got \"{name}\".", nameof(name));
        if (arity < 1) throw new ArgumentOutOfRangeException(nameof(arity), arity, $"{name}: a primitive takes at least one operand.");

        // The rules refer to the definition for their error messages; it exists once they run.
        OpDef self = null!;
        VjpRule checkedVjp = (y, dy) => UserRules.Vjp(self, vjp, y, dy);
        self = new OpDef(name, arity,
            (inputs, attribute) => UserRules.Shape(self, shape, inputs, attribute),
            kernel is null ? y => (x, output) => UserRules.RunForward(self, forward, y, x, output)
                : y => UserRules.PrepareKernel(self, kernel, y),
            checkedVjp,
            jvp is null ? (y, t) => UserRules.DerivedJvp(self, checkedVjp, y, t)
                : (y, t) => UserRules.Jvp(self, jvp, y, t),
            forward, kernel is not null);
        return self;
    }

    /// <summary>This user-defined primitive applied to <paramref name="inputs"/>, with no attribute.</summary>
    /// <exception cref="ShapeException">The shape rule rejects the operands.</exception>
    /// <exception cref="InvalidOperationException">This is a built-in primitive (use <see cref="Expr"/>'s factories).</exception>
    public Expr Apply(params Expr[] inputs) => Apply((IReadOnlyList<Expr>)inputs, null);

    /// <summary>
    /// This user-defined primitive applied to <paramref name="inputs"/> with an attribute (a constant such
    /// as a slope or an axis) that its rules read from <c>y.Attribute</c>. The attribute should be an
    /// immutable value: it is printed with <c>ToString()</c> and shared by every evaluation.
    /// </summary>
    /// <exception cref="ShapeException">The shape rule rejects the operands.</exception>
    /// <exception cref="InvalidOperationException">This is a built-in primitive (use <see cref="Expr"/>'s factories).</exception>
    public Expr Apply(IReadOnlyList<Expr> inputs, object? attribute)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (!IsUserDefined)
            throw new InvalidOperationException($"{Name} is a built-in primitive: build it with Expr's factories and methods.");
        return Expr.Apply(this, inputs.ToArray(), attribute); // a copy: the caller's array cannot change the node
    }
}
