namespace Dual;

public static partial class Primitives
{
    /// <summary>y = x with a new shape of the same size; dx = dy reshaped back.</summary>
    public static readonly OpDef Reshape = new(OpKind.Reshape, 1,
        static (inputs, attribute) =>
        {
            var target = (Shape)attribute!;
            if (target.Size != inputs[0].Shape.Size)
                throw new ShapeException($"cannot reshape {inputs[0].Shape} ({inputs[0].Shape.Size} values) to {target} ({target.Size} values)");
            return target;
        },
        static _ => static (x, output) => x[0].CopyTo(output, 0),
        static (y, dy) => [dy.Reshape(y.Input(0).Shape)],
        static (y, t) => t[0]?.Reshape(y.Shape));

    /// <summary>y = x with axes permuted (y axis i is x axis perm[i]); dx = dy with the inverse permutation.</summary>
    public static readonly OpDef Transpose = new(OpKind.Transpose, 1,
        static (inputs, attribute) =>
        {
            var perm = ((PermutationAttribute)attribute!).Permutation;
            var x = inputs[0].Shape;
            if (perm.Length != x.Rank || perm.Order().Where((p, i) => p != i).Any())
                throw new ShapeException($"[{string.Join(", ", perm.AsEnumerable())}] is not a permutation of the {x.Rank} axes of {x}");
            return Shape.Create(perm.Select(p => x[p]).ToArray());
        },
        static y =>
        {
            var loop = Kernels.Layout.CopyLoop.Transpose(y.Input(0).Shape, (y.AttributeAs<PermutationAttribute>()).Permutation.AsSpan(), y.Shape);
            return (x, output) => loop.Run(x[0], output);
        },
        static (y, dy) => [dy.Transpose((y.AttributeAs<PermutationAttribute>()).Inverse())],
        static (y, t) => t[0]?.Transpose([.. (y.AttributeAs<PermutationAttribute>()).Permutation]));

    /// <summary>y = x repeated to a larger shape (NumPy rules); dx = dy summed back (<see cref="Expr.SumTo"/>).</summary>
    public static readonly OpDef BroadcastTo = new(OpKind.BroadcastTo, 1,
        static (inputs, attribute) =>
        {
            var target = (Shape)attribute!;
            if (!inputs[0].Shape.BroadcastsTo(target))
                throw new ShapeException($"cannot broadcast {inputs[0].Shape} to {target}");
            return target;
        },
        static y =>
        {
            if (y.Input(0).Shape.Size == 1) return static (x, output) => Array.Fill(output, x[0][0]);
            var loop = Kernels.Layout.CopyLoop.Broadcast(y.Input(0).Shape, y.Shape);
            return (x, output) => loop.Run(x[0], output);
        },
        static (y, dy) => [dy.SumTo(y.Input(0).Shape)],
        static (y, t) => t[0]?.BroadcastTo(y.Shape));

    /// <summary>y = the block of x at starts with the given sizes; dx = dy padded with zeros back to x's shape.</summary>
    public static readonly OpDef Slice = new(OpKind.Slice, 1,
        static (inputs, attribute) =>
        {
            var (starts, sizes) = (SliceAttribute)attribute!;
            var x = inputs[0].Shape;
            if (starts.Length != x.Rank || sizes.Length != x.Rank)
                throw new ShapeException($"a slice of {x} needs {x.Rank} starts and sizes");
            for (var i = 0; i < x.Rank; i++)
                if (starts[i] < 0 || sizes[i] < 0 || starts[i] + sizes[i] > x[i])
                    throw new ShapeException($"block [{starts[i]}, {starts[i] + sizes[i]}) is out of range for axis {i} of {x}");
            return Shape.Create([.. sizes]);
        },
        static y =>
        {
            var loop = Kernels.Layout.CopyLoop.Slice(y.Input(0).Shape, (y.AttributeAs<SliceAttribute>()).Starts.AsSpan(), y.Shape);
            return (x, output) => loop.Run(x[0], output);
        },
        static (y, dy) =>
        {
            var (starts, sizes) = y.AttributeAs<SliceAttribute>();
            var x = y.Input(0).Shape;
            return [dy.Pad([.. starts], x.Select((d, i) => d - starts[i] - sizes[i]).ToArray())];
        },
        static (y, t) => t[0] is { } dx ? Expr.SliceBlock(dx, [.. (y.AttributeAs<SliceAttribute>()).Starts], y.Shape.ToArray()) : null);

    /// <summary>y = x surrounded by zeros (before and after on each axis); dx = the block of dy where x sits.</summary>
    public static readonly OpDef Pad = new(OpKind.Pad, 1,
        static (inputs, attribute) =>
        {
            var (before, after) = (PadAttribute)attribute!;
            var x = inputs[0].Shape;
            if (before.Length != x.Rank || after.Length != x.Rank || before.Any(p => p < 0) || after.Any(p => p < 0))
                throw new ShapeException($"padding of {x} needs {x.Rank} non-negative amounts before and after");
            return Shape.Create(x.Select((d, i) => before[i] + d + after[i]).ToArray());
        },
        static y =>
        {
            var loop = new Kernels.Layout.PlaceLoop(y.Input(0).Shape, y.Shape, (y.AttributeAs<PadAttribute>()).Before.AsSpan());
            return (x, output) =>
            {
                Array.Clear(output);
                loop.Run(x[0], output);
            };
        },
        static (y, dy) => [Expr.SliceBlock(dy, [.. (y.AttributeAs<PadAttribute>()).Before], y.Input(0).Shape.ToArray())],
        static (y, t) => t[0] is { } dx ? dx.Pad([.. (y.AttributeAs<PadAttribute>()).Before], [.. (y.AttributeAs<PadAttribute>()).After]) : null);

    /// <summary>y = the operands joined along an axis; each operand's cotangent is its block of dy.</summary>
    public static readonly OpDef Concat = new(OpKind.Concat, -1,
        static (inputs, attribute) =>
        {
            var axis = ((AxisAttribute)attribute!).Axis;
            if (inputs.Count == 0) throw new ShapeException("needs at least one operand");
            var first = inputs[0].Shape;
            var total = 0;
            foreach (var input in inputs)
            {
                var s = input.Shape;
                if (s.Rank != first.Rank || Enumerable.Range(0, s.Rank).Any(i => i != axis && s[i] != first[i]))
                    throw new ShapeException($"operands {string.Join(", ", inputs.Select(x => x.Shape))} differ off axis {axis}");
                total += s[axis];
            }
            var dims = first.ToArray();
            dims[axis] = total;
            return Shape.Create(dims);
        },
        static y =>
        {
            var axis = (y.AttributeAs<AxisAttribute>()).Axis;
            var starts = new int[y.Rank];
            var parts = new Kernels.Layout.PlaceLoop[y.Inputs.Count];
            for (var i = 0; i < parts.Length; i++)
            {
                var s = y.Input(i).Shape;
                parts[i] = new Kernels.Layout.PlaceLoop(s, y.Shape, starts);
                starts[axis] += s[axis];
            }
            return (x, output) =>
            {
                for (var i = 0; i < parts.Length; i++) parts[i].Run(x[i], output);
            };
        },
        static (y, dy) =>
        {
            var axis = (y.AttributeAs<AxisAttribute>()).Axis;
            var result = new Expr?[y.Inputs.Count];
            var offset = 0;
            for (var i = 0; i < result.Length; i++)
            {
                var size = y.Input(i).Shape[axis];
                result[i] = dy.Slice(axis, offset, offset + size);
                offset += size;
            }
            return result;
        },
        static (y, t) => t.All(dx => dx is null) ? null
            : Expr.Concat((y.AttributeAs<AxisAttribute>()).Axis, y.Inputs.Select((x, i) => t[i] ?? Expr.Zeros(x.Shape)).ToArray()));
}
