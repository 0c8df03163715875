namespace Dual;

public sealed partial class Expr
{
    /// <summary>Mean over the given axes; all axes when none are given.</summary>
    [Composite]
    public Expr Mean(int[]? axes = null, bool keepDims = false)
    {
        var normalized = NormalizeAxes(axes, Primitives.Sum);
        var count = normalized.Aggregate(1, (n, a) => n * Shape[a]);
        return Sum(normalized, keepDims) / count;
    }

    /// <summary>Mean over one axis.</summary>
    public Expr Mean(int axis, bool keepDims = false) => Mean([axis], keepDims);

    /// <summary>Population variance (divides by n) over the given axes; all axes when none are given.</summary>
    [Composite]
    public Expr Variance(int[]? axes = null, bool keepDims = false)
    {
        var centered = this - Mean(axes, keepDims: true);
        return centered.Square().Mean(axes, keepDims);
    }

    /// <summary>Variance over one axis.</summary>
    public Expr Variance(int axis, bool keepDims = false) => Variance([axis], keepDims);

    /// <summary>
    /// Sums a broadcast value back to <paramref name="shape"/>: over the leading axes it gained and
    /// over the axes where <paramref name="shape"/> has size 1. The one place broadcasting is undone.
    /// </summary>
    [Composite]
    public Expr SumTo(Shape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape == Shape) return this;
        if (!shape.BroadcastsTo(Shape))
            throw new ShapeException($"SumTo: {shape} does not broadcast to {Shape}{Naming.Near([this])}");
        var lead = Rank - shape.Rank;
        var axes = Enumerable.Range(0, Rank).Where(i => i < lead || (shape[i - lead] == 1 && Shape[i] != 1)).ToArray();
        return Sum(axes, keepDims: true).Reshape(shape);
    }
}
