namespace Dual;

/// <summary>
/// An immutable n-dimensional array of float64 values in row-major order with a static
/// <see cref="Shape"/>. Nothing can change a tensor once made: every operation returns a new one.
/// </summary>
public sealed partial class Tensor : IEquatable<Tensor>
{
    private readonly double[] _data;

    /// <summary>Takes ownership of <paramref name="data"/>; callers must not keep a writable reference.</summary>
    internal Tensor(Shape shape, double[] data)
    {
        if (data.Length != shape.Size)
            throw new ArgumentException($"A tensor of shape {shape} needs {shape.Size} values, got {data.Length}.");
        Shape = shape;
        _data = data;
    }

    /// <summary>The dimensions of this tensor.</summary>
    public Shape Shape { get; }

    /// <summary>The number of dimensions.</summary>
    public int Rank => Shape.Rank;

    /// <summary>The number of elements.</summary>
    public int Size => _data.Length;

    /// <summary>The values in row-major order, read-only.</summary>
    public ReadOnlySpan<double> Span => _data;

    /// <summary>The backing array; only the library reads it, and never writes it.</summary>
    internal double[] Data => _data;

    /// <summary>The element at the given index (one index per axis; negative indices count from the end).</summary>
    public double this[params int[] index] => _data[FlatIndex(index)];

    /// <summary>The value of a tensor with exactly one element (any rank).</summary>
    public double ToScalar() =>
        _data.Length == 1 ? _data[0] : throw new InvalidOperationException($"Item needs a one-element tensor, this one has shape {Shape}.");

    /// <summary>A copy of the values in row-major order.</summary>
    public double[] ToArray() => (double[])_data.Clone();

    internal int FlatIndex(ReadOnlySpan<int> index)
    {
        if (index.Length != Rank)
            throw new ArgumentException($"Tensor of shape {Shape} needs {Rank} indices, got {index.Length}.", nameof(index));
        var flat = 0;
        for (var i = 0; i < index.Length; i++)
        {
            var d = Shape[i];
            var k = index[i] < 0 ? index[i] + d : index[i];
            if (k < 0 || k >= d)
                throw new IndexOutOfRangeException($"Index {index[i]} is out of range for axis {i} of shape {Shape}.");
            flat = flat * d + k;
        }
        return flat;
    }

    /// <summary>
    /// True if both tensors have the same shape and every pair of elements satisfies
    /// <c>|a - b| &lt;= atol + rtol * |b|</c> (NaNs compare equal only to NaN at the same place).
    /// </summary>
    public bool AllClose(Tensor other, double rtol = 1e-9, double atol = 1e-12)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Shape != other.Shape) return false;
        for (var i = 0; i < _data.Length; i++)
        {
            double a = _data[i], b = other._data[i];
            if (double.IsNaN(a) || double.IsNaN(b))
            {
                if (!(double.IsNaN(a) && double.IsNaN(b))) return false;
                continue;
            }
            if (a == b) continue;
            if (double.IsInfinity(a) || double.IsInfinity(b)) return false; // infinities match only themselves
            if (!(Math.Abs(a - b) <= atol + rtol * Math.Abs(b))) return false;
        }
        return true;
    }

    /// <summary>The largest absolute elementwise difference to a tensor of the same shape.</summary>
    public double MaxAbsDifference(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Shape != other.Shape)
            throw new ArgumentException($"Shapes differ: {Shape} and {other.Shape}.", nameof(other));
        var max = 0.0;
        for (var i = 0; i < _data.Length; i++) max = Math.Max(max, Math.Abs(_data[i] - other._data[i]));
        return max;
    }

    /// <summary>Exact equality of shape and every bit of every value.</summary>
    public bool Equals(Tensor? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (Shape != other.Shape) return false;
        for (var i = 0; i < _data.Length; i++)
            if (BitConverter.DoubleToInt64Bits(_data[i]) != BitConverter.DoubleToInt64Bits(other._data[i])) return false;
        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Tensor);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Shape);
        for (var i = 0; i < Math.Min(_data.Length, 16); i++) h.Add(_data[i]);
        return h.ToHashCode();
    }
}
