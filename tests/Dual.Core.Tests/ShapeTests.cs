namespace Dual.Tests;

/// <summary>Shape: creation, validation, NumPy broadcasting, axis normalisation and value equality.</summary>
public class ShapeTests
{
    [Fact]
    public void Collection_expression_creates_a_shape_with_those_dimensions()
    {
        Shape s = [2, 3, 4];
        Assert.Equal(3, s.Rank);
        Assert.Equal(24, s.Size);
        Assert.Equal(new[] { 2, 3, 4 }, s.ToArray());
        Assert.Equal(4, s[2]);
        Assert.Equal(4, s[-1]);
        Assert.Equal(2, s[-3]);
        Assert.Equal(3, s[^2]);
    }

    [Fact]
    public void Of_and_Create_agree_with_the_collection_expression()
    {
        Shape expr = [5, 1];
        Assert.Equal(expr, Shape.Of(5, 1));
        Assert.Equal(expr, Shape.Create([5, 1]));
    }

    [Fact]
    public void Empty_dimensions_give_the_scalar_shape_of_rank_0_and_size_1()
    {
        Shape s = [];
        Assert.Same(Shape.Scalar, s);
        Assert.Equal(0, Shape.Scalar.Rank);
        Assert.Equal(1, Shape.Scalar.Size);
        Assert.Equal("[]", Shape.Scalar.ToString());
    }

    [Fact]
    public void A_zero_dimension_gives_size_zero()
    {
        Shape s = [3, 0, 2];
        Assert.Equal(0, s.Size);
        Assert.Equal(3, s.Rank);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2, -3)]
    [InlineData(1, 2, int.MinValue)]
    public void A_negative_dimension_is_rejected(params int[] dims)
    {
        var e = Assert.Throws<ArgumentException>(() => Shape.Create(dims));
        Assert.Contains("negative", e.Message);
    }

    [Fact]
    public void A_shape_with_more_elements_than_an_array_can_hold_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => Shape.Of(100_000, 100_000));
    }

    [Fact]
    public void Strides_are_row_major()
    {
        Shape s = [2, 3, 4];
        Assert.Equal(new[] { 12, 4, 1 }, s.Strides());
        Assert.Empty(Shape.Scalar.Strides());
    }

    [Fact]
    public void ToString_lists_the_dimensions_in_brackets()
    {
        Shape s = [2, 3];
        Assert.Equal("[2, 3]", s.ToString());
    }

    [Fact]
    public void ToArray_returns_a_copy_the_shape_does_not_share()
    {
        Shape s = [2, 3];
        var dims = s.ToArray();
        dims[0] = 99;
        Assert.Equal(2, s[0]);
    }

    [Fact]
    public void Enumerating_yields_the_dimensions_in_order()
    {
        Shape s = [7, 8, 9];
        Assert.Equal(new[] { 7, 8, 9 }, s.ToList());
        Assert.Equal(3, ((IReadOnlyList<int>)s).Count);
    }

    // NumPy's broadcasting examples (numpy.org/doc/stable/user/basics.broadcasting.html).
    public static TheoryData<int[], int[], int[]> CompatiblePairs => new()
    {
        { [256, 256, 3], [3], [256, 256, 3] },
        { [8, 1, 6, 1], [7, 1, 5], [8, 7, 6, 5] },
        { [5, 4], [1], [5, 4] },
        { [5, 4], [4], [5, 4] },
        { [15, 3, 5], [15, 1, 5], [15, 3, 5] },
        { [15, 3, 5], [3, 5], [15, 3, 5] },
        { [15, 3, 5], [3, 1], [15, 3, 5] },
        { [], [2, 3], [2, 3] },
        { [2, 1], [1, 3], [2, 3] },
        { [0], [1], [0] },
        { [2, 0], [2, 1], [2, 0] },
    };

    [Theory]
    [MemberData(nameof(CompatiblePairs))]
    public void Broadcasting_follows_the_NumPy_examples(int[] a, int[] b, int[] expected)
    {
        var sa = Shape.Create(a);
        var sb = Shape.Create(b);
        Assert.Equal(Shape.Create(expected), Shape.TryBroadcast(sa, sb));
        Assert.Equal(Shape.Create(expected), Shape.TryBroadcast(sb, sa));
        Assert.True(sa.BroadcastsTo(Shape.Create(expected)));
        Assert.True(sb.BroadcastsTo(Shape.Create(expected)));
    }

    public static TheoryData<int[], int[]> IncompatiblePairs => new()
    {
        { [3], [4] },
        { [2, 1], [8, 4, 3] },
        { [2, 3], [4] },
        { [0], [3] },
        { [4, 3], [4] },
    };

    [Theory]
    [MemberData(nameof(IncompatiblePairs))]
    public void Incompatible_shapes_do_not_broadcast(int[] a, int[] b)
    {
        Assert.Null(Shape.TryBroadcast(Shape.Create(a), Shape.Create(b)));
        Assert.Null(Shape.TryBroadcast(Shape.Create(b), Shape.Create(a)));
    }

    [Fact]
    public void BroadcastsTo_is_one_directional()
    {
        Shape small = [3], large = [2, 3];
        Assert.True(small.BroadcastsTo(large));
        Assert.False(large.BroadcastsTo(small));
        Assert.True(Shape.Of(3, 1).BroadcastsTo([3, 4]));
        Assert.False(Shape.Of(3, 2).BroadcastsTo([3, 4]));
        Assert.True(Shape.Scalar.BroadcastsTo([5, 6]));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(2, 2)]
    [InlineData(-1, 2)]
    [InlineData(-3, 0)]
    public void NormalizeAxis_maps_negative_axes_from_the_end(int axis, int expected)
    {
        Shape s = [4, 5, 6];
        Assert.Equal(expected, s.NormalizeAxis(axis));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(-4)]
    [InlineData(100)]
    public void NormalizeAxis_rejects_out_of_range_axes_naming_the_axis_and_shape(int axis)
    {
        Shape s = [4, 5, 6];
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => s.NormalizeAxis(axis));
        Assert.Contains(axis.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message);
        Assert.Contains("[4, 5, 6]", e.Message);
    }

    [Fact]
    public void A_scalar_has_no_axis_to_normalize()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Shape.Scalar.NormalizeAxis(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Shape.Scalar.NormalizeAxis(-1));
    }

    [Fact]
    public void The_integer_indexer_rejects_out_of_range_axes()
    {
        Shape s = [4, 5];
        Assert.Throws<ArgumentOutOfRangeException>(() => s[2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => s[-3]);
    }

    [Fact]
    public void Equal_dimensions_mean_equal_shapes_and_equal_hashes()
    {
        Shape a = [2, 3];
        var b = Shape.Of(2, 3);
        Assert.NotSame(a, b);
        Assert.True(a == b);
        Assert.False(a != b);
        Assert.True(a.Equals(b));
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Different_dimensions_or_ranks_mean_different_shapes()
    {
        Shape a = [2, 3];
        Assert.NotEqual(a, Shape.Of(3, 2));
        Assert.NotEqual(a, Shape.Of(2, 3, 1));
        Assert.NotEqual(Shape.Of(1), Shape.Scalar);
        Assert.True(a != Shape.Of(3, 2));
        Assert.False(a.Equals(null));
        Assert.False(a == null);
        Assert.True((Shape?)null == null);
    }

    [Fact]
    public void Shapes_work_as_dictionary_keys_by_value()
    {
        var counts = new Dictionary<Shape, int> { [Shape.Of(2, 3)] = 1 };
        Shape key = [2, 3];
        Assert.True(counts.ContainsKey(key));
        Assert.False(counts.ContainsKey([3, 2]));
    }
}
