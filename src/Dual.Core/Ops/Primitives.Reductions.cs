namespace Dual;

public static partial class Primitives
{
    /// <summary>y = Σ x over the axes; dx = dy broadcast back over them.</summary>
    public static readonly OpDef Sum = new(OpKind.Sum, 1,
        ReducedShape,
        static y =>
        {
            var loop = new Kernels.ReduceLoop(y.Input(0).Shape, Axes(y).Axes.AsSpan());
            return (x, output) => loop.Sum(x[0], output);
        },
        static (y, dy) => [Kept(y, dy).BroadcastTo(y.Input(0).Shape)],
        static (y, t) => t[0] is { } dx ? dx.Sum([.. Axes(y).Axes], Axes(y).KeepDims) : null);

    /// <summary>
    /// y = max x over the axes; dx = dy at the maximal elements, 0 elsewhere. Ties share dy
    /// equally (each of k tied maxima gets dy/k), so the rule is symmetric and its sum is exact.
    /// </summary>
    public static readonly OpDef Max = new(OpKind.Max, 1,
        ReducedShape,
        static y =>
        {
            var loop = new Kernels.ReduceLoop(y.Input(0).Shape, Axes(y).Axes.AsSpan());
            return (x, output) => loop.Max(x[0], output);
        },
        static (y, dy) =>
        {
            var (mask, count) = MaxMask(y);
            return [mask * (Kept(y, dy) / count)];
        },
        static (y, t) =>
        {
            if (t[0] is not { } dx) return null;
            var (mask, count) = MaxMask(y);
            var kept = (mask * dx).Sum([.. Axes(y).Axes], keepDims: true) / count;
            return Axes(y).KeepDims ? kept : kept.Reshape(y.Shape);
        });

    private static AxesAttribute Axes(Expr y) => y.AttributeAs<AxesAttribute>();

    // A reduction's output (or cotangent) with the reduced axes present as size 1. With keepDims it has that
    // shape already, and Reshape to its own shape returns the node itself, so no branch is needed.
    private static Expr Kept(Expr y, Expr value) =>
        value.Reshape(KeptShape(y.Input(0).Shape, Axes(y).Axes.AsSpan()));

    private static (Expr Mask, Expr Count) MaxMask(Expr y)
    {
        var x = y.Input(0);
        var mask = x.Equal(Kept(y, y));
        return (mask, mask.Sum([.. Axes(y).Axes], keepDims: true));
    }

    internal static Shape KeptShape(Shape x, ReadOnlySpan<int> axes)
    {
        var dims = x.ToArray();
        foreach (var a in axes) dims[a] = 1;
        return Shape.Create(dims);
    }

    internal static Shape ReducedShapeOf(Shape x, params int[] axes) =>
        Shape.Create(x.Where((_, i) => !axes.Contains(i)).ToArray());

    private static Shape ReducedShape(IReadOnlyList<Expr> inputs, object? attribute)
    {
        var (axes, keep) = (AxesAttribute)attribute!;
        var x = inputs[0].Shape;
        if (keep) return KeptShape(x, axes.AsSpan());
        return ReducedShapeOf(x, [.. axes]);
    }
}
