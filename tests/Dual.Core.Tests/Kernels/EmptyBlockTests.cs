namespace Dual.Tests.Kernels;

/// <summary>Copying kernels on blocks with no elements: nothing to read, even where the block would start past the end.</summary>
public class EmptyBlockTests
{
    [Fact]
    public void An_empty_slice_of_an_empty_tensor_at_a_later_start_is_empty()
    {
        // [0, 5] sliced to columns [2, 5): the block starts at offset 2 of a buffer that has no elements.
        var x = Tensor.Zeros([0, 5]);
        var y = Expr.Constant(x).Slice(axis: 1, start: 2, end: 5).Evaluate();
        Assert.Equal(Shape.Create([0, 3]), y.Shape);
    }

    [Fact]
    public void Padding_an_empty_tensor_gives_only_the_padding()
    {
        var y = Expr.Constant(Tensor.Zeros([0])).Pad([2], [1]).Evaluate();
        Assert.Equal(new double[3], y.Span.ToArray());
    }

    // Every shape of rank 1 to 3 with sides 0 to 2 that holds no element.
    private static IEnumerable<int[]> EmptyShapes() =>
        from rank in Enumerable.Range(1, 3)
        from flat in Enumerable.Range(0, (int)Math.Pow(3, rank))
        let dims = Enumerable.Range(0, rank).Select(a => flat / (int)Math.Pow(3, a) % 3).ToArray()
        where dims.Contains(0)
        select dims;

    [Fact]
    public void Every_empty_slice_and_broadcast_of_a_small_shape_is_empty_in_both_engines()
    {
        var cases = 0;
        foreach (var dims in EmptyShapes())
        {
            // Slices that empty one axis of a full tensor, at every start: the block may start at x's very end.
            var full = dims.Select(d => Math.Max(d, 2)).ToArray();
            var x = Expr.Constant(Tensor.Zeros(Shape.Create(full)));
            for (var axis = 0; axis < dims.Length; axis++)
                for (var start = 0; start <= full[axis]; start++)
                {
                    AssertEmpty(x.Slice(axis, start, start));
                    cases++;
                }
            // Broadcasts into the empty shape from every shape that broadcasts to it (sides 1 or equal, any rank up to its own).
            for (var rank = 0; rank <= dims.Length; rank++)
                foreach (var source in Sources(dims[(dims.Length - rank)..]))
                {
                    AssertEmpty(Expr.Constant(Tensor.Zeros(Shape.Create(source))).BroadcastTo(Shape.Create(dims)));
                    cases++;
                }
        }
        Assert.True(cases > 100, $"only {cases} cases");
    }

    private static IEnumerable<int[]> Sources(int[] target) =>
        target.Length == 0 ? [[]]
            : from rest in Sources(target[1..])
              from first in target[0] == 1 ? new[] { 1 } : new[] { 1, target[0] }
              select (int[])[first, .. rest];

    private static void AssertEmpty(Expr y)
    {
        Assert.Equal(0, y.Shape.Size);
        Assert.Equal(0, Evaluator.Evaluate(y, Env.Empty).Shape.Size);
        Assert.Equal(0, Interpreter.Evaluate(y, Env.Empty).Shape.Size);
    }
}
