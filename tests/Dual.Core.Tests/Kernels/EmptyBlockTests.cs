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
}
