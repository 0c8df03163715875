namespace Dual.Tests.Checking;

/// <summary>
/// What a stream of choices means (docs of <see cref="Choices"/>): each call takes the next value, ranges are inclusive,
/// and a stream that runs out yields the smallest choice, so a prefix that FsCheck shrank to is a smaller case of the
/// same kind. A case drawn from the same stream must be the same case, or a reported failure would not replay.
/// </summary>
public class ChoicesTests
{
    [Fact]
    public void Each_call_takes_the_next_value_modulo_the_inclusive_range_then_the_smallest()
    {
        var c = new Choices([7, 2, 5, -4]);
        Assert.Equal(1 + 7 % 3, c.Next(1, 3));
        Assert.Equal(2, c.Next(0, 9));
        Assert.Equal(5, c.Next(5, 5));
        Assert.Equal(4, c.Next(0, 4)); // a negative value counts as its absolute value, and max is inclusive
        Assert.Equal(3, c.Next(3, 8)); // exhausted: the smallest choice
        Assert.Equal(0, c.Next(0, 100));
    }

    [Fact]
    public void The_smallest_int_counts_as_zero_not_an_overflow()
    {
        var c = new Choices([int.MinValue, 3]);
        Assert.Equal(0, c.Next(0, 9));
        Assert.Equal(3, c.Next(0, 9));
    }

    [Fact]
    public void Null_arguments_and_an_empty_range_are_refused_by_name()
    {
        Assert.Throws<ArgumentNullException>("values", () => new Choices(null!));
        Assert.Throws<ArgumentNullException>("items", () => new Choices([1]).OneOf<int>(null!));
        var empty = Assert.Throws<ArgumentOutOfRangeException>("max", () => new Choices([1]).Next(3, 2));
        Assert.StartsWith("Empty range [3, 2].", empty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_of_picks_by_the_next_value()
    {
        var c = new Choices([1, 5]);
        Assert.Equal("b", c.OneOf("a", "b", "c"));
        Assert.Equal("c", c.OneOf("a", "b", "c"));
        Assert.Equal("a", c.OneOf("a", "b", "c"));
    }

    [Theory]
    // rank 2, dims 3 and 2; the first shape keeps both axes, the first of which is set to 1 (a 0 choice); the second
    // drops one axis and keeps the other as it is.
    [InlineData(new[] { 2, 2, 1, 0, 0, 1, 1, 2 }, new[] { 1, 2 }, new[] { 2 })]
    // The same full shape, then the stream runs out: nothing dropped, every axis set to 1 (the smallest pair).
    [InlineData(new[] { 2, 2, 1 }, new[] { 1, 1 }, new[] { 1, 1 })]
    // Nothing runs out: no axis set to 1, the second shape drops both axes.
    [InlineData(new[] { 2, 2, 1, 0, 1, 2, 2 }, new[] { 3, 2 }, new int[0])]
    public void Broadcast_pairs_drop_leading_axes_and_set_axes_to_one_as_chosen(int[] stream, int[] a, int[] b)
    {
        var (sa, sb) = new Choices(stream).BroadcastPair();
        Assert.Equal(a, sa.Dims.ToArray());
        Assert.Equal(b, sb.Dims.ToArray());
    }

    [Theory]
    [InlineData(3, new[] { 1, 0, 1 }, new[] { 0, 2 })]
    [InlineData(3, new[] { 1, 1, 1 }, new[] { 0, 1, 2 })]
    [InlineData(3, new[] { 0, 0, 0, 2 }, new[] { 2 })] // none chosen: one axis, by the next value
    [InlineData(2, new int[0], new[] { 0 })] // exhausted: the smallest non-empty set
    [InlineData(0, new[] { 1 }, new int[0])]
    public void Axes_are_those_chosen_and_never_none_of_an_axis(int rank, int[] stream, int[] axes) =>
        Assert.Equal(axes, new Choices(stream).Axes(rank));

    [Fact]
    public void An_exhausted_stream_draws_the_smallest_shapes()
    {
        var c = new Choices([]);
        Assert.Equal(Shape.Scalar, c.Shape());
        Assert.Equal(Shape.Of(1), c.Shape(minRank: 1));
        Assert.Equal([0, 1, 2], c.Permutation(3));
    }
}
