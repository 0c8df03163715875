using System.Collections;
using System.Runtime.CompilerServices;

namespace Dual;

/// <summary>
/// The dimensions of a tensor, outermost first (row-major). Immutable; compared by value.
/// A rank-0 shape (<see cref="Scalar"/>) holds one element. Write shapes as collection
/// expressions: <c>Shape s = [2, 3];</c>.
/// </summary>
[CollectionBuilder(typeof(Shape), nameof(Create))]
public sealed class Shape : IEquatable<Shape>, IReadOnlyList<int>
{
    private readonly int[] _dims;

    private Shape(int[] dims)
    {
        _dims = dims;
        long size = 1;
        foreach (var d in dims)
        {
            size *= d;
            if (size > Array.MaxLength)
                throw new ArgumentException($"Shape {Format(dims)} has more than {Array.MaxLength} elements.");
        }
        Size = (int)size;
    }

    /// <summary>The shape of a single value: rank 0, size 1.</summary>
    public static Shape Scalar { get; } = new([]);

    /// <summary>Creates a shape from its dimensions; every dimension must be non-negative.</summary>
    public static Shape Create(ReadOnlySpan<int> dims)
    {
        if (dims.Length == 0) return Scalar;
        foreach (var d in dims)
            if (d < 0) throw new ArgumentException($"Shape {Format(dims.ToArray())} has a negative dimension.", nameof(dims));
        return new Shape(dims.ToArray());
    }

    /// <summary>Creates a shape from its dimensions.</summary>
    public static Shape Of(params int[] dims) => Create(dims);

    /// <summary>The number of dimensions.</summary>
    public int Rank => _dims.Length;

    /// <summary>The number of elements: the product of the dimensions (1 for a scalar).</summary>
    public int Size { get; }

    /// <summary>The dimension at <paramref name="axis"/>; negative axes count from the end.</summary>
    public int this[int axis] => _dims[NormalizeAxis(axis)];

    /// <summary>The dimension at an index from the start or end (<c>shape[^1]</c> is the last).</summary>
    public int this[Index axis] => _dims[axis];

    int IReadOnlyCollection<int>.Count => _dims.Length;

    /// <summary>The dimensions as a read-only span.</summary>
    public ReadOnlySpan<int> Dims => _dims;

    /// <summary>Row-major strides in elements (the last axis has stride 1).</summary>
    public int[] Strides()
    {
        var strides = new int[_dims.Length];
        var s = 1;
        for (var i = _dims.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= _dims[i];
        }
        return strides;
    }

    /// <summary>Maps a possibly negative axis into <c>[0, Rank)</c>, or throws naming the shape.</summary>
    public int NormalizeAxis(int axis)
    {
        var a = axis < 0 ? axis + Rank : axis;
        if (a < 0 || a >= Rank)
            throw new ArgumentOutOfRangeException(nameof(axis), $"Axis {axis} is out of range for shape {this} (rank {Rank}).");
        return a;
    }

    /// <summary>The NumPy broadcast of two shapes, or null if they are incompatible.</summary>
    public static Shape? TryBroadcast(Shape a, Shape b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Equals(b)) return a;
        var rank = Math.Max(a.Rank, b.Rank);
        var dims = new int[rank];
        for (var i = 1; i <= rank; i++)
        {
            var da = i <= a.Rank ? a._dims[a.Rank - i] : 1;
            var db = i <= b.Rank ? b._dims[b.Rank - i] : 1;
            if (da != db && da != 1 && db != 1) return null;
            dims[rank - i] = da == 1 ? db : da;
        }
        return new Shape(dims);
    }

    /// <summary>True if this shape broadcasts to <paramref name="target"/> under NumPy rules.</summary>
    public bool BroadcastsTo(Shape target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (Rank > target.Rank) return false;
        for (var i = 1; i <= Rank; i++)
        {
            var d = _dims[Rank - i];
            if (d != 1 && d != target._dims[target.Rank - i]) return false;
        }
        return true;
    }

    /// <summary>Returns a copy of the dimensions.</summary>
    public int[] ToArray() => (int[])_dims.Clone();

    /// <inheritdoc/>
    public bool Equals(Shape? other) => other is not null && _dims.AsSpan().SequenceEqual(other._dims);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Shape);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var d in _dims) h.Add(d);
        return h.ToHashCode();
    }

    /// <summary>Value equality.</summary>
    public static bool operator ==(Shape? left, Shape? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(Shape? left, Shape? right) => !(left == right);

    /// <summary>Formats as <c>[2, 3]</c>; a scalar is <c>[]</c>.</summary>
    public override string ToString() => Format(_dims);

    private static string Format(int[] dims) => "[" + string.Join(", ", dims) + "]";

    /// <inheritdoc/>
    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)_dims).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
