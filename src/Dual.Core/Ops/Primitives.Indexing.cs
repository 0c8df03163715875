namespace Dual;

public static partial class Primitives
{
    /// <summary>
    /// y = x with the rows along an axis picked by integer indices (an embedding lookup when
    /// axis is 0): y[o, j…, i] = x[o, idx[j…], i]. dx = dy scattered back and added at the
    /// indices; the indices get no derivative.
    /// </summary>
    public static readonly OpDef Gather = new(OpKind.Gather, 2,
        static (inputs, attribute) =>
        {
            var axis = ((AxisAttribute)attribute!).Axis;
            Shape x = inputs[0].Shape, idx = inputs[1].Shape;
            return Shape.Create([.. x.Dims[..axis], .. idx.Dims, .. x.Dims[(axis + 1)..]]);
        },
        static y =>
        {
            var (shape, axis) = (y.Input(0).Shape, (y.AttributeAs<AxisAttribute>()).Axis);
            return (x, output) => Kernels.Layout.Gather(x[0], shape, axis, x[1], output);
        },
        static (y, dy) =>
        {
            var axis = (y.AttributeAs<AxisAttribute>()).Axis;
            return [dy.ScatterAdd(y.Input(1), axis, y.Input(0).Shape[axis]), null];
        },
        static (y, t) => t[0]?.Gather(y.Input(1), (y.AttributeAs<AxisAttribute>()).Axis));

    /// <summary>
    /// y = zeros with the rows of u added along an axis at integer indices (repeats add up):
    /// the adjoint of <see cref="Gather"/>. du = dy gathered at the indices.
    /// </summary>
    public static readonly OpDef ScatterAdd = new(OpKind.ScatterAdd, 2,
        static (inputs, attribute) =>
        {
            var (axis, size) = (ScatterAttribute)attribute!;
            Shape u = inputs[0].Shape, idx = inputs[1].Shape;
            if (u.Rank < axis + idx.Rank || !u.Dims.Slice(axis, idx.Rank).SequenceEqual(idx.Dims))
                throw new ShapeException($"updates {u} do not hold index shape {idx} at axis {axis}");
            return Shape.Create([.. u.Dims[..axis], size, .. u.Dims[(axis + idx.Rank)..]]);
        },
        static y =>
        {
            var (shape, axis) = (y.Shape, (y.AttributeAs<ScatterAttribute>()).Axis);
            return (x, output) => Kernels.Layout.ScatterAdd(x[0], shape, axis, x[1], output);
        },
        static (y, dy) => [dy.Gather(y.Input(1), (y.AttributeAs<ScatterAttribute>()).Axis), null],
        static (y, t) =>
        {
            var (axis, size) = y.AttributeAs<ScatterAttribute>();
            return t[0]?.ScatterAdd(y.Input(1), axis, size);
        });
}
