namespace Dual;

/// <summary>
/// The built-in primitives: one <see cref="OpDef"/> per <see cref="OpKind"/> other than the leaves and
/// <see cref="OpKind.Custom"/>. Evaluation and differentiation read a node's own <see cref="Expr.Definition"/>.
/// </summary>
public static class OpTable
{
    private static readonly Dictionary<OpKind, OpDef> ByKind = new OpDef[]
    {
        Primitives.Neg, Primitives.Exp, Primitives.Log, Primitives.Tanh, Primitives.Sqrt, Primitives.Abs,
        Primitives.Sign, Primitives.Pow, Primitives.StopGradient,
        Primitives.Add, Primitives.Sub, Primitives.Mul, Primitives.Div,
        Primitives.Greater, Primitives.GreaterEqual, Primitives.Equal, Primitives.Where,
        Primitives.Sum, Primitives.Max, Primitives.MatMul,
        Primitives.Reshape, Primitives.Transpose, Primitives.BroadcastTo, Primitives.Slice, Primitives.Pad, Primitives.Concat,
        Primitives.Gather, Primitives.ScatterAdd, Primitives.Gelu, Primitives.GeluDerivative, Primitives.Sigmoid,
    }.ToDictionary(d => d.Kind);

    /// <summary>Every primitive, in <see cref="OpKind"/> order.</summary>
    public static IReadOnlyList<OpDef> All { get; } = ByKind.Values.OrderBy(d => d.Kind).ToArray();

    /// <summary>
    /// The definition of a built-in primitive; throws for leaves and for <see cref="OpKind.Custom"/>
    /// (a user-defined primitive has no entry here: its nodes carry it, see <see cref="Expr.Definition"/>).
    /// </summary>
    public static OpDef Get(OpKind kind) =>
        ByKind.TryGetValue(kind, out var def) ? def
        : kind == OpKind.Custom ? throw new ArgumentException("A user-defined primitive is not in the table: read it from the node (Expr.Definition).", nameof(kind))
        : throw new ArgumentException($"{kind} is a leaf, not a primitive.", nameof(kind));
}
