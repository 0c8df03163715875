namespace Dual;

/// <summary>The registry of primitives: one <see cref="OpDef"/> per <see cref="OpKind"/> other than the leaves.</summary>
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
        Primitives.Gather, Primitives.ScatterAdd, Primitives.Gelu, Primitives.GeluDerivative,
    }.ToDictionary(d => d.Kind);

    /// <summary>Every primitive, in <see cref="OpKind"/> order.</summary>
    public static IReadOnlyList<OpDef> All { get; } = ByKind.Values.OrderBy(d => d.Kind).ToArray();

    /// <summary>The definition of a primitive; throws for leaves.</summary>
    public static OpDef Get(OpKind kind) =>
        ByKind.TryGetValue(kind, out var def) ? def : throw new ArgumentException($"{kind} is a leaf, not a primitive.", nameof(kind));
}
