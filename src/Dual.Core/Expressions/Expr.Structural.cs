namespace Dual;

public sealed partial class Expr
{
    /// <summary>Sum over the given axes (negative axes count from the end); all axes when none are given.</summary>
    public Expr Sum(int[]? axes = null, bool keepDims = false) => Reduce(Primitives.Sum, axes, keepDims);

    /// <summary>Sum over one axis.</summary>
    public Expr Sum(int axis, bool keepDims = false) => Sum([axis], keepDims);

    /// <summary>Maximum over the given axes; all axes when none are given. Ties share the gradient equally.</summary>
    public Expr Max(int[]? axes = null, bool keepDims = false) => Reduce(Primitives.Max, axes, keepDims);

    /// <summary>Maximum over one axis.</summary>
    public Expr Max(int axis, bool keepDims = false) => Max([axis], keepDims);

    private Expr Reduce(OpDef op, int[]? axes, bool keepDims)
    {
        var normalized = NormalizeAxes(axes, op);
        if (op == Primitives.Sum && normalized.Length == 0 && !keepDims) return this;
        return Apply(op, [this], new AxesAttribute([.. normalized], keepDims));
    }

    internal int[] NormalizeAxes(int[]? axes, OpDef op)
    {
        if (axes is null) return Enumerable.Range(0, Rank).ToArray();
        var result = new SortedSet<int>();
        foreach (var a in axes)
        {
            var n = a < 0 ? a + Rank : a;
            if (n < 0 || n >= Rank)
                throw new ShapeException($"{op.Name}: axis {a} is out of range for shape {Shape}{Naming.Near([this])}");
            if (!result.Add(n))
                throw new ShapeException($"{op.Name}: axis {a} is given twice for shape {Shape}{Naming.Near([this])}");
        }
        return result.ToArray();
    }

    /// <summary>
    /// Matrix product over the last two axes with broadcast batch axes. A rank-1 operand is
    /// treated as a row (left) or column (right) vector and that axis is dropped from the result.
    /// </summary>
    public Expr MatMul(Expr other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Rank == 1 || other.Rank == 1)
        {
            var a = Rank == 1 ? Reshape([1, Shape[0]]) : this;
            var b = other.Rank == 1 ? other.Reshape([other.Shape[0], 1]) : other;
            var y = a.MatMul(b);
            var dims = y.Shape.ToArray().ToList();
            if (other.Rank == 1) dims.RemoveAt(dims.Count - 1);
            if (Rank == 1) dims.RemoveAt(dims.Count - (other.Rank == 1 ? 1 : 2));
            return y.Reshape(Shape.Create(dims.ToArray()));
        }
        return MatMul(other, false, false);
    }

    /// <summary>op(this)·op(other), where op transposes the last two axes when asked, without materialising a transpose.</summary>
    public Expr MatMul(Expr other, bool transposeThis, bool transposeOther) =>
        Apply(Primitives.MatMul, [this, other], new MatMulAttribute(transposeThis, transposeOther));

    /// <summary>The same values under a new shape with the same number of elements.</summary>
    public Expr Reshape(Shape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return shape == Shape ? this : Apply(Primitives.Reshape, [this], shape);
    }

    /// <summary>Axes permuted: output axis i is input axis <paramref name="permutation"/>[i].</summary>
    public Expr Transpose(params int[] permutation)
    {
        ArgumentNullException.ThrowIfNull(permutation);
        var perm = permutation.Select(p => p < 0 ? p + Rank : p).ToArray();
        return Apply(Primitives.Transpose, [this], new PermutationAttribute([.. perm]));
    }

    /// <summary>The last two axes swapped.</summary>
    public Expr T
    {
        get
        {
            if (Rank < 2) throw new ShapeException($"Transpose: T needs rank 2 or more, got {Shape}{Naming.Near([this])}");
            var perm = Enumerable.Range(0, Rank).ToArray();
            (perm[^1], perm[^2]) = (perm[^2], perm[^1]);
            return Transpose(perm);
        }
    }

    /// <summary>The values repeated to a larger shape under NumPy rules.</summary>
    public Expr BroadcastTo(Shape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return shape == Shape ? this : Apply(Primitives.BroadcastTo, [this], shape);
    }

    /// <summary>Elements with index in [start, end) along an axis; negative positions count from the end.</summary>
    public Expr Slice(int axis, int start, int end)
    {
        var ax = CheckAxis(axis, Rank, Primitives.Slice, [this]);
        var d = Shape[ax];
        int s = start < 0 ? start + d : start, e = end < 0 ? end + d : end;
        var starts = new int[Rank];
        var sizes = Shape.ToArray();
        starts[ax] = s;
        sizes[ax] = e - s;
        return SliceBlock(this, starts, sizes);
    }

    /// <summary>The block starting at <paramref name="starts"/> with the given sizes.</summary>
    public static Expr SliceBlock(Expr x, int[] starts, int[] sizes)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(starts);
        ArgumentNullException.ThrowIfNull(sizes);
        return Apply(Primitives.Slice, [x], new SliceAttribute([.. starts], [.. sizes])); // copies: the caller may reuse its arrays
    }

    /// <summary>Zeros added before and after on each axis.</summary>
    public Expr Pad(int[] before, int[] after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return Apply(Primitives.Pad, [this], new PadAttribute([.. before], [.. after])); // copies: the caller may reuse its arrays
    }

    /// <summary>The operands joined along an axis.</summary>
    public static Expr Concat(int axis, params Expr[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Length == 0) throw new ShapeException("Concat: needs at least one operand");
        var ax = CheckAxis(axis, parts[0].Rank, Primitives.Concat, parts);
        return parts.Length == 1 ? parts[0] : Apply(Primitives.Concat, [.. parts], new AxisAttribute(ax)); // a copy: params arrays belong to the caller
    }

    /// <summary>Rows picked along an axis by integer-valued indices (an embedding lookup for axis 0).</summary>
    public Expr Gather(Expr indices, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(indices);
        return Apply(Primitives.Gather, [this, indices], new AxisAttribute(CheckAxis(axis, Rank, Primitives.Gather, [this, indices])));
    }

    /// <summary>Zeros with this tensor's rows added along an axis of the given size at integer indices.</summary>
    public Expr ScatterAdd(Expr indices, int axis, int size)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (size < 0) throw new ArgumentOutOfRangeException(nameof(size), "Size must be non-negative.");
        var outputRank = Rank - indices.Rank + 1;
        return Apply(Primitives.ScatterAdd, [this, indices], new ScatterAttribute(CheckAxis(axis, outputRank, Primitives.ScatterAdd, [this, indices]), size));
    }

    // An axis in [-rank, rank) made non-negative, or a ShapeException naming the op and nearby variables.
    private static int CheckAxis(int axis, int rank, OpDef op, Expr[] operands)
    {
        var a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank)
            throw new ShapeException($"{op.Name}: axis {axis} is out of range for shape {operands[0].Shape} (rank {rank}){Naming.Near(operands)}");
        return a;
    }
}
