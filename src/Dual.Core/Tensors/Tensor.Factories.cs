namespace Dual;

public sealed partial class Tensor
{
    /// <summary>A rank-0 tensor holding <paramref name="value"/>.</summary>
    public static Tensor Scalar(double value) => new(Shape.Scalar, [value]);

    /// <summary>A rank-1 tensor holding a copy of <paramref name="values"/>.</summary>
    public static Tensor Vector(params double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new(Shape.Of(values.Length), (double[])values.Clone());
    }

    /// <summary>A tensor of the given shape holding a copy of <paramref name="values"/> in row-major order.</summary>
    public static Tensor FromArray(Shape shape, ReadOnlySpan<double> values)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (values.Length != shape.Size)
            throw new ArgumentException($"Shape {shape} needs {shape.Size} values, got {values.Length}.", nameof(values));
        return new(shape, values.ToArray());
    }

    /// <summary>A matrix from a 2-D array.</summary>
    public static Tensor FromArray(double[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int rows = values.GetLength(0), cols = values.GetLength(1);
        var data = new double[rows * cols];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < cols; j++)
                data[i * cols + j] = values[i, j];
        return new(Shape.Of(rows, cols), data);
    }

    /// <summary>A matrix from jagged rows, which must all have the same length.</summary>
    public static Tensor FromRows(params double[][] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var cols = rows.Length == 0 ? 0 : rows[0].Length;
        var data = new double[rows.Length * cols];
        for (var i = 0; i < rows.Length; i++)
        {
            if (rows[i].Length != cols)
                throw new ArgumentException($"Row {i} has {rows[i].Length} values; row 0 has {cols}.", nameof(rows));
            rows[i].CopyTo(data, i * cols);
        }
        return new(Shape.Of(rows.Length, cols), data);
    }

    /// <summary>
    /// A tensor from nested arrays of any depth (<c>double[][][]</c>…), or a single double.
    /// Every level must be rectangular.
    /// </summary>
    public static Tensor FromNested(object nested)
    {
        ArgumentNullException.ThrowIfNull(nested);
        var dims = new List<int>();
        for (object? level = nested; level is not double; )
        {
            if (level is not Array arr)
                throw new ArgumentException($"Nested arrays may hold only doubles, found {level?.GetType().Name ?? "null"}.", nameof(nested));
            dims.Add(arr.Length);
            if (arr.Length == 0) break;
            level = arr.GetValue(0);
        }
        var shape = Shape.Create(dims.ToArray());
        var data = new double[shape.Size];
        var written = 0;
        var stack = new Stack<(object Node, int Depth)>();
        stack.Push((nested, 0));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            if (depth == dims.Count)
            {
                data[written++] = node is double d ? d : throw new ArgumentException("Nested arrays are ragged.", nameof(nested));
                continue;
            }
            if (node is not Array arr || arr.Length != dims[depth])
                throw new ArgumentException($"Nested arrays are ragged at depth {depth}: expected length {dims[depth]}.", nameof(nested));
            for (var i = arr.Length - 1; i >= 0; i--) stack.Push((arr.GetValue(i)!, depth + 1));
        }
        return new(shape, data);
    }

    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(Shape shape) => Full(shape, 0.0);

    /// <summary>A tensor of ones.</summary>
    public static Tensor Ones(Shape shape) => Full(shape, 1.0);

    /// <summary>A tensor with every element equal to <paramref name="value"/>.</summary>
    public static Tensor Full(Shape shape, double value)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var data = new double[shape.Size];
        if (BitConverter.DoubleToInt64Bits(value) != 0) Array.Fill(data, value); // -0.0 too
        return new(shape, data);
    }

    /// <summary>The values <c>start, start + step, …</c> below <paramref name="stop"/>, as a vector.</summary>
    public static Tensor Arange(double start, double stop, double step = 1.0)
    {
        if (step == 0 || !double.IsFinite(step)) throw new ArgumentException("Step must be finite and non-zero.", nameof(step));
        var n = Math.Max(0, (int)Math.Ceiling((stop - start) / step));
        var data = new double[n];
        for (var i = 0; i < n; i++) data[i] = start + i * step;
        return new(Shape.Of(n), data);
    }

    /// <summary>The integers <c>0 … n-1</c> as a vector.</summary>
    public static Tensor Arange(int n) => Arange(0, n);

    /// <summary>Fills the values of a new tensor through a span, without a copy: the span lives only during <paramref name="fill"/>.</summary>
    public static Tensor Create(Shape shape, SpanAction fill)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(fill);
        var data = new double[shape.Size];
        fill(data);
        return new(shape, data);
    }

    /// <summary>Writes the values of a tensor being created.</summary>
    public delegate void SpanAction(Span<double> values);

    /// <summary>A tensor built by calling <paramref name="valueAt"/> with each flat row-major index.</summary>
    public static Tensor Generate(Shape shape, Func<int, double> valueAt)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(valueAt);
        var data = new double[shape.Size];
        for (var i = 0; i < data.Length; i++) data[i] = valueAt(i);
        return new(shape, data);
    }

    /// <summary>Implicit conversion of a number to a rank-0 tensor.</summary>
    public static implicit operator Tensor(double value) => Scalar(value);
}
