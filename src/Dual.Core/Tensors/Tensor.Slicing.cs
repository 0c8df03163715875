namespace Dual;

public sealed partial class Tensor
{
    /// <summary>
    /// The elements with index in <c>[start, end)</c> along <paramref name="axis"/>, as a new tensor;
    /// negative positions count from the end of the axis.
    /// </summary>
    public Tensor Slice(int axis, int start, int end)
    {
        var ax = Shape.NormalizeAxis(axis);
        var d = Shape[ax];
        var s = start < 0 ? start + d : start;
        var e = end < 0 ? end + d : end;
        if (s < 0 || e > d || s > e)
            throw new ArgumentOutOfRangeException(nameof(start), $"Slice [{start}, {end}) is out of range for axis {axis} of shape {Shape}.");
        var dims = Shape.ToArray();
        dims[ax] = e - s;
        var shape = Shape.Create(dims);
        var data = new double[shape.Size];
        Kernels.Layout.CopyLoop.Slice(Shape, Starts(ax, s), shape).Run(_data, data);
        return new(shape, data);

        int[] Starts(int a, int value)
        {
            var starts = new int[Rank];
            starts[a] = value;
            return starts;
        }
    }

    /// <summary>The sub-tensor at <paramref name="index"/> along the first axis (rank drops by one).</summary>
    public Tensor SubTensor(int index)
    {
        {
            if (Rank == 0) throw new InvalidOperationException("A scalar tensor cannot be indexed.");
            var i = index < 0 ? index + Shape[0] : index;
            if (i < 0 || i >= Shape[0])
                throw new IndexOutOfRangeException($"Index {index} is out of range for axis 0 of shape {Shape}.");
            var inner = Shape.Create(Shape.Dims[1..]);
            return new(inner, _data.AsSpan(i * inner.Size, inner.Size).ToArray());
        }
    }

    /// <summary>The same values under a new shape with the same number of elements.</summary>
    public Tensor Reshape(Shape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Size != Size) throw new ArgumentException($"Cannot reshape {Shape} ({Size} values) to {shape} ({shape.Size} values).", nameof(shape));
        return new(shape, _data);
    }
}
