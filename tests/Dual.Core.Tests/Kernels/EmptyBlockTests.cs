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

    [Fact]
    public void Every_empty_slice_and_broadcast_of_a_small_shape_is_empty_in_both_engines()
    {
        var cases = 0;
        // Slices that empty one axis of a full tensor, at every start: the block may start at x's very end.
        for (var rank = 1; rank <= 3; rank++)
        {
            var x = Expr.Constant(Tensor.Zeros(Shape.Create(Enumerable.Repeat(2, rank).ToArray())));
            for (var axis = 0; axis < rank; axis++)
                for (var start = 0; start <= 2; start++)
                {
                    AssertEmpty(x.Slice(axis, start, start));
                    cases++;
                }
        }
        // Broadcasts into every empty shape of rank 1 to 3 with sides 0 to 2, from every shape that broadcasts to it.
        foreach (var target in Broadcasting.Shapes(3, 0, 1, 2).Where(t => t.Size == 0))
            foreach (var source in Broadcasting.Shapes(target.Rank, 0, 1, 2).Where(s => s.BroadcastsTo(target)))
            {
                AssertEmpty(Expr.Constant(Tensor.Zeros(source)).BroadcastTo(target));
                cases++;
            }
        Assert.True(cases > 100, $"only {cases} cases");
    }

    private static void AssertEmpty(Expr y)
    {
        Assert.Equal(0, y.Shape.Size);
        Assert.Equal(0, Evaluator.Evaluate(y, Env.Empty).Shape.Size);
        Assert.Equal(0, Interpreter.Evaluate(y, Env.Empty).Shape.Size);
    }
}
