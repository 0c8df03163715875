using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Random;

namespace Dual.Tests.Tensors;

/// <summary>Tensor: factories, element access, slicing, reshaping, interop, comparisons and seeded random values.</summary>
public class TensorTests
{
    // ---- factories ----

    [Fact]
    public void Scalar_has_rank_0_and_holds_its_value()
    {
        var t = Tensor.Scalar(2.5);
        Assert.Equal(Shape.Scalar, t.Shape);
        Assert.Equal(0, t.Rank);
        Assert.Equal(1, t.Size);
        Assert.Equal(2.5, t.ToScalar());
    }

    [Fact]
    public void A_number_converts_implicitly_to_a_scalar_tensor()
    {
        Tensor t = -4.0;
        Assert.Equal(Shape.Scalar, t.Shape);
        Assert.Equal(-4.0, t.ToScalar());
    }

    [Fact]
    public void Vector_copies_its_values()
    {
        var values = new[] { 1.0, 2.0, 3.0 };
        var t = Tensor.Vector(values);
        values[0] = 99;
        Assert.Equal(Shape.Of(3), t.Shape);
        Assert.Equal(new[] { 1.0, 2.0, 3.0 }, t.ToArray());
    }

    [Fact]
    public void An_empty_vector_has_shape_0()
    {
        var t = Tensor.Vector();
        Assert.Equal(Shape.Of(0), t.Shape);
        Assert.Equal(0, t.Size);
    }

    [Fact]
    public void FromArray_with_a_shape_lays_values_out_row_major_and_copies_them()
    {
        var values = new[] { 1.0, 2, 3, 4, 5, 6 };
        var t = Tensor.FromArray([2, 3], values);
        values[4] = -1;
        Assert.Equal(Shape.Of(2, 3), t.Shape);
        Assert.Equal(2.0, t[0, 1]);
        Assert.Equal(4.0, t[1, 0]);
        Assert.Equal(5.0, t[1, 1]);
    }

    [Fact]
    public void FromArray_rejects_a_value_count_that_does_not_match_the_shape()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.FromArray([2, 3], new double[5]));
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("5", e.Message);
    }

    [Fact]
    public void FromArray_of_a_2D_array_makes_a_matrix()
    {
        var t = Tensor.FromArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal(Shape.Of(2, 3), t.Shape);
        Assert.Equal(new[] { 1.0, 2, 3, 4, 5, 6 }, t.ToArray());
    }

    [Fact]
    public void FromRows_makes_a_matrix_from_equal_length_rows()
    {
        var t = Tensor.FromRows([1, 2], [3, 4], [5, 6]);
        Assert.Equal(Shape.Of(3, 2), t.Shape);
        Assert.Equal(new[] { 1.0, 2, 3, 4, 5, 6 }, t.ToArray());
    }

    [Fact]
    public void FromRows_rejects_ragged_rows()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.FromRows([1, 2], [3]));
        Assert.Contains("Row 1", e.Message);
    }

    [Fact]
    public void FromNested_reads_a_rank_3_jagged_array()
    {
        var nested = new double[][][]
        {
            [[1, 2, 3], [4, 5, 6]],
            [[7, 8, 9], [10, 11, 12]],
        };
        var t = Tensor.FromNested(nested);
        Assert.Equal(Shape.Of(2, 2, 3), t.Shape);
        for (var i = 0; i < 2; i++)
            for (var j = 0; j < 2; j++)
                for (var k = 0; k < 3; k++)
                    Assert.Equal(nested[i][j][k], t[i, j, k]);
    }

    [Fact]
    public void FromNested_of_a_double_is_a_scalar_and_of_a_flat_array_a_vector()
    {
        Assert.Equal(Tensor.Scalar(3.5), Tensor.FromNested(3.5));
        Assert.Equal(Tensor.Vector(1, 2), Tensor.FromNested(new[] { 1.0, 2.0 }));
    }

    [Fact]
    public void FromNested_rejects_ragged_input_at_any_depth()
    {
        var raggedTop = new double[][] { [1, 2], [3] };
        var raggedDeep = new double[][][] { [[1, 2], [3, 4]], [[5, 6], [7]] };
        var unevenDepth = new object[] { 1.0, new[] { 2.0 } };
        Assert.Throws<ArgumentException>(() => Tensor.FromNested(raggedTop));
        Assert.Throws<ArgumentException>(() => Tensor.FromNested(raggedDeep));
        Assert.Throws<ArgumentException>(() => Tensor.FromNested(unevenDepth));
    }

    [Fact]
    public void FromNested_rejects_a_null_element_with_an_argument_exception()
    {
        Assert.Throws<ArgumentException>(() => Tensor.FromNested(new double[][] { null!, [1.0] }));
    }

    [Fact]
    public void FromNested_rejects_non_double_leaves()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.FromNested(new[] { 1, 2 }));
        Assert.Contains("Int32", e.Message);
    }

    [Fact]
    public void Zeros_Ones_and_Full_fill_every_element()
    {
        Shape s = [2, 3];
        Assert.All(Tensor.Zeros(s).ToArray(), v => Assert.Equal(0.0, v));
        Assert.All(Tensor.Ones(s).ToArray(), v => Assert.Equal(1.0, v));
        Assert.All(Tensor.Full(s, -2.5).ToArray(), v => Assert.Equal(-2.5, v));
        Assert.Equal(s, Tensor.Full(s, 7).Shape);
        Assert.Equal(6, Tensor.Ones(s).Size);
    }

    [Fact]
    public void Full_keeps_the_sign_of_negative_zero()
    {
        var t = Tensor.Full([2], -0.0);
        Assert.True(double.IsNegative(t[0]), "expected -0.0");
        Assert.Equal(Tensor.FromArray([2], [-0.0, -0.0]), t);
    }

    [Fact]
    public void Arange_of_n_gives_0_to_n_minus_1()
    {
        Assert.Equal(new[] { 0.0, 1, 2, 3, 4 }, Tensor.Arange(5).ToArray());
        Assert.Equal(Shape.Of(0), Tensor.Arange(0).Shape);
    }

    [Theory]
    [InlineData(0.0, 1.0, 0.25, new[] { 0.0, 0.25, 0.5, 0.75 })]
    [InlineData(2.0, 5.0, 1.0, new[] { 2.0, 3.0, 4.0 })]
    [InlineData(5.0, 1.0, -1.0, new[] { 5.0, 4.0, 3.0, 2.0 })]
    [InlineData(0.0, 1.0, 0.3, new[] { 0.0, 0.3, 0.6, 0.9 })]
    [InlineData(3.0, 1.0, 1.0, new double[0])]
    public void Arange_stops_before_stop_like_NumPy(double start, double stop, double step, double[] expected)
    {
        var t = Tensor.Arange(start, stop, step);
        Assert.Equal(expected.Length, t.Size);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], t[i], 1e-15);
    }

    [Fact]
    public void Arange_rejects_a_zero_or_non_finite_step()
    {
        Assert.Throws<ArgumentException>(() => Tensor.Arange(0, 1, 0));
        Assert.Throws<ArgumentException>(() => Tensor.Arange(0, 1, double.NaN));
        Assert.Throws<ArgumentException>(() => Tensor.Arange(0, 1, double.PositiveInfinity));
    }

    [Fact]
    public void Generate_calls_the_function_with_each_flat_index()
    {
        var t = Tensor.Generate([2, 2], i => i * i);
        Assert.Equal(new[] { 0.0, 1, 4, 9 }, t.ToArray());
    }

    // ---- element access ----

    [Fact]
    public void The_indexer_reads_row_major_elements_with_negative_indices_from_the_end()
    {
        var t = Tensor.FromArray([2, 3, 4], Enumerable.Range(0, 24).Select(i => (double)i).ToArray());
        Assert.Equal(1 * 12 + 2 * 4 + 3, t[1, 2, 3]);
        Assert.Equal(t[1, 2, 3], t[-1, -1, -1]);
        Assert.Equal(t[0, 1, 2], t[-2, -2, -2]);
        Assert.Equal(0.0, t[0, 0, 0]);
    }

    [Fact]
    public void The_indexer_rejects_out_of_range_indices_naming_the_axis_and_shape()
    {
        var t = Tensor.Zeros([2, 3]);
        var e = Assert.Throws<IndexOutOfRangeException>(() => t[0, 3]);
        Assert.Contains("axis 1", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Throws<IndexOutOfRangeException>(() => t[2, 0]);
        Assert.Throws<IndexOutOfRangeException>(() => t[-3, 0]);
        Assert.Throws<IndexOutOfRangeException>(() => t[0, -4]);
    }

    [Fact]
    public void The_indexer_rejects_the_wrong_number_of_indices()
    {
        var t = Tensor.Zeros([2, 3]);
        Assert.Throws<ArgumentException>(() => t[0]);
        Assert.Throws<ArgumentException>(() => t[0, 0, 0]);
    }

    [Fact]
    public void ToScalar_needs_exactly_one_element()
    {
        Assert.Equal(7.0, Tensor.Full([1, 1], 7).ToScalar());
        Assert.Throws<InvalidOperationException>(() => Tensor.Zeros([2]).ToScalar());
    }

    [Fact]
    public void ToArray_returns_a_copy_the_tensor_does_not_share()
    {
        var t = Tensor.Vector(1, 2, 3);
        var copy = t.ToArray();
        copy[0] = 42;
        Assert.Equal(1.0, t[0]);
        Assert.Equal(1.0, t.Span[0]);
    }

    [Fact]
    public void SubTensor_picks_a_slice_along_the_first_axis()
    {
        var t = Tensor.FromArray([3, 2, 2], Enumerable.Range(0, 12).Select(i => (double)i).ToArray());
        var sub = t.SubTensor(1);
        Assert.Equal(Shape.Of(2, 2), sub.Shape);
        Assert.Equal(new[] { 4.0, 5, 6, 7 }, sub.ToArray());
        Assert.Equal(new[] { 8.0, 9, 10, 11 }, t.SubTensor(-1).ToArray());
        Assert.Equal(Tensor.Scalar(3), Tensor.Vector(1, 2, 3).SubTensor(2));
    }

    [Fact]
    public void SubTensor_rejects_out_of_range_indices_and_scalars()
    {
        var t = Tensor.Zeros([3, 2]);
        Assert.Throws<IndexOutOfRangeException>(() => t.SubTensor(3));
        Assert.Throws<IndexOutOfRangeException>(() => t.SubTensor(-4));
        Assert.Throws<InvalidOperationException>(() => Tensor.Scalar(1).SubTensor(0));
    }

    [Fact]
    public void Slice_keeps_the_block_start_to_end_along_an_axis()
    {
        var t = Tensor.FromArray([3, 4], Enumerable.Range(0, 12).Select(i => (double)i).ToArray());
        var s = t.Slice(1, 1, 3);
        Assert.Equal(Shape.Of(3, 2), s.Shape);
        Assert.Equal(new[] { 1.0, 2, 5, 6, 9, 10 }, s.ToArray());
        var rows = t.Slice(0, 2, 3);
        Assert.Equal(new[] { 8.0, 9, 10, 11 }, rows.ToArray());
    }

    [Fact]
    public void Slice_counts_negative_positions_and_axes_from_the_end()
    {
        var t = Tensor.FromArray([3, 4], Enumerable.Range(0, 12).Select(i => (double)i).ToArray());
        Assert.Equal(t.Slice(1, 1, 3), t.Slice(-1, -3, -1));
        Assert.Equal(t.Slice(0, 1, 3), t.Slice(0, -2, 3));
        Assert.Equal(Shape.Of(3, 0), t.Slice(1, 2, 2).Shape);
    }

    [Theory]
    [InlineData(1, 3, 2)]
    [InlineData(1, 0, 5)]
    [InlineData(1, -5, 2)]
    [InlineData(2, 0, 1)]
    public void Slice_rejects_out_of_range_positions_and_axes(int axis, int start, int end)
    {
        var t = Tensor.Zeros([3, 4]);
        Assert.Throws<ArgumentOutOfRangeException>(() => t.Slice(axis, start, end));
    }

    [Fact]
    public void Reshape_keeps_the_row_major_order()
    {
        var t = Tensor.Arange(6).Reshape([2, 3]);
        Assert.Equal(Shape.Of(2, 3), t.Shape);
        Assert.Equal(5.0, t[1, 2]);
        Assert.Equal(3.0, t[1, 0]);
        Assert.Equal(Shape.Of(3, 2), t.Reshape([3, 2]).Shape);
        Assert.Equal(3.0, t.Reshape([3, 2])[1, 1]);
    }

    [Fact]
    public void Reshape_rejects_a_different_number_of_elements()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Arange(6).Reshape([4]));
        Assert.Contains("[6]", e.Message);
        Assert.Contains("[4]", e.Message);
    }

    // ---- MathNet interop ----

    [Fact]
    public void A_MathNet_matrix_round_trips_through_a_tensor()
    {
        var m = Matrix<double>.Build.Dense(2, 3, (i, j) => 10 * i + j);
        var t = Tensor.FromMatrix(m);
        Assert.Equal(Shape.Of(2, 3), t.Shape);
        Assert.Equal(12.0, t[1, 2]);
        Assert.Equal(m, t.ToMatrix());
    }

    [Fact]
    public void A_MathNet_vector_round_trips_through_a_tensor()
    {
        var v = Vector<double>.Build.DenseOfArray([3, -1, 4]);
        var t = Tensor.FromVector(v);
        Assert.Equal(Tensor.Vector(3, -1, 4), t);
        Assert.Equal(v, t.ToVector());
    }

    [Fact]
    public void ToMatrix_and_ToVector_need_the_right_rank()
    {
        Assert.Throws<InvalidOperationException>(() => Tensor.Vector(1, 2).ToMatrix());
        Assert.Throws<InvalidOperationException>(() => Tensor.Zeros([2, 2]).ToVector());
    }

    // ---- comparisons ----

    [Fact]
    public void AllClose_uses_atol_plus_rtol_times_the_other_value()
    {
        var a = Tensor.Vector(1.0, 100.0);
        Assert.True(a.AllClose(Tensor.Vector(1.0 + 1e-10, 100.0 + 1e-8)));
        Assert.False(a.AllClose(Tensor.Vector(1.0 + 1e-6, 100.0)));
        Assert.True(a.AllClose(Tensor.Vector(1.1, 100), rtol: 0.1, atol: 0));
        Assert.False(a.AllClose(Tensor.Vector(1.2, 100), rtol: 0.1, atol: 0));
        Assert.True(Tensor.Vector(0.0).AllClose(Tensor.Vector(1e-13)));
        Assert.False(Tensor.Vector(0.0).AllClose(Tensor.Vector(1e-11)));
    }

    [Fact]
    public void AllClose_is_false_for_different_shapes_even_with_the_same_values()
    {
        Assert.False(Tensor.Arange(6).Reshape([2, 3]).AllClose(Tensor.Arange(6).Reshape([3, 2])));
        Assert.False(Tensor.Vector(1).AllClose(Tensor.Scalar(1)));
    }

    [Fact]
    public void AllClose_treats_NaN_as_equal_only_to_NaN_in_the_same_place()
    {
        var nan = double.NaN;
        Assert.True(Tensor.Vector(1, nan).AllClose(Tensor.Vector(1, nan)));
        Assert.False(Tensor.Vector(1, nan).AllClose(Tensor.Vector(1, 2)));
        Assert.False(Tensor.Vector(1, 2).AllClose(Tensor.Vector(1, nan)));
        Assert.False(Tensor.Vector(nan, 1).AllClose(Tensor.Vector(1, nan)));
    }

    [Fact]
    public void AllClose_treats_an_infinity_as_close_only_to_the_same_infinity()
    {
        var inf = double.PositiveInfinity;
        Assert.True(Tensor.Vector(inf, -inf).AllClose(Tensor.Vector(inf, -inf)));
        Assert.False(Tensor.Vector(inf).AllClose(Tensor.Vector(-inf)));
        Assert.False(Tensor.Vector(-inf).AllClose(Tensor.Vector(inf)));
        Assert.False(Tensor.Vector(1.0).AllClose(Tensor.Vector(inf)));
        Assert.False(Tensor.Vector(inf).AllClose(Tensor.Vector(1e308)));
        Assert.False(Tensor.Vector(0.0, 5.0).AllClose(Tensor.Vector(0.0, -inf)));
    }

    [Fact]
    public void MaxAbsDifference_is_the_largest_elementwise_gap()
    {
        var a = Tensor.Vector(1, 2, 3);
        var b = Tensor.Vector(1.5, 0, 3);
        Assert.Equal(2.0, a.MaxAbsDifference(b));
        Assert.Equal(0.0, a.MaxAbsDifference(a));
    }

    [Fact]
    public void MaxAbsDifference_is_NaN_when_a_NaN_is_involved_so_it_cannot_hide()
    {
        Assert.True(double.IsNaN(Tensor.Vector(1, double.NaN).MaxAbsDifference(Tensor.Vector(1, 2))));
        Assert.True(double.IsNaN(Tensor.Vector(double.NaN, 1).MaxAbsDifference(Tensor.Vector(0, 100))));
    }

    [Fact]
    public void MaxAbsDifference_rejects_different_shapes()
    {
        Assert.Throws<ArgumentException>(() => Tensor.Vector(1, 2).MaxAbsDifference(Tensor.Vector(1, 2, 3)));
    }

    [Fact]
    public void Equals_is_exact_on_shape_and_every_bit()
    {
        var a = Tensor.Vector(1, 2, 3);
        Assert.True(a.Equals(Tensor.Vector(1, 2, 3)));
        Assert.Equal(a.GetHashCode(), Tensor.Vector(1, 2, 3).GetHashCode());
        Assert.False(a.Equals(Tensor.Vector(1, 2, 3 + 4e-16)));
        Assert.False(a.Equals(a.Reshape([3, 1])));
        Assert.False(Tensor.Vector(0.0).Equals(Tensor.Vector(-0.0)));
        Assert.True(Tensor.Vector(double.NaN).Equals(Tensor.Vector(double.NaN)));
        Assert.False(a.Equals(null));
        Assert.False(a.Equals((object)"not a tensor"));
    }

    // ---- seeded random values ----

    [Fact]
    public void RandomNormal_with_the_same_seed_gives_identical_values()
    {
        Assert.Equal(Tensor.RandomNormal([50], 7), Tensor.RandomNormal([50], 7));
        Assert.Equal(Tensor.RandomUniform([50], 7), Tensor.RandomUniform([50], 7));
    }

    [Fact]
    public void RandomNormal_with_different_seeds_gives_different_values()
    {
        var a = Tensor.RandomNormal([50], 7).ToArray();
        var b = Tensor.RandomNormal([50], 8).ToArray();
        Assert.True(a.Zip(b).Count(p => p.First != p.Second) >= 49);
        var u = Tensor.RandomUniform([50], 7).ToArray();
        var v = Tensor.RandomUniform([50], 8).ToArray();
        Assert.True(u.Zip(v).Count(p => p.First != p.Second) >= 49);
    }

    [Fact]
    public void RandomNormal_has_roughly_the_asked_mean_and_standard_deviation()
    {
        const int n = 10_000;
        var x = Tensor.RandomNormal([100, 100], 123, mean: 2.0, std: 3.0).ToArray();
        var mean = x.Average();
        var std = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        // Four standard errors: 4·3/√n for the mean, about 4·3/√(2n) for the standard deviation.
        Assert.InRange(mean, 2.0 - 0.12, 2.0 + 0.12);
        Assert.InRange(std, 3.0 - 0.085, 3.0 + 0.085);
    }

    [Fact]
    public void RandomUniform_stays_in_range_with_roughly_the_right_mean_and_spread()
    {
        const int n = 10_000;
        var x = Tensor.RandomUniform([n], 99, low: -2.0, high: 6.0).ToArray();
        Assert.All(x, v => Assert.InRange(v, -2.0, 6.0 - 1e-12));
        var mean = x.Average();
        var std = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        var trueStd = 8.0 / Math.Sqrt(12);
        Assert.InRange(mean, 2.0 - 4 * trueStd / 100, 2.0 + 4 * trueStd / 100);
        Assert.InRange(std, trueStd * 0.97, trueStd * 1.03);
    }

    [Fact]
    public void RandomNormal_for_seed_42_reproduces_MathNets_Mersenne_Twister_samples()
    {
        var expected = new double[8];
        Normal.Samples(new MersenneTwister(42, false), expected, 0, 1);
        var t = Tensor.RandomNormal([8], 42);
        Assert.Equal(expected, t.ToArray());
        // Pinned once from MathNet.Numerics 5.0.0 directly: a change of generator would move them.
        Assert.Equal(-0.5169641651467068, t[0]);
        Assert.Equal(1.22192121739814, t[1]);
        Assert.Equal(0.7213326131440649, t[2]);
        Assert.Equal(0.869635816822104, t[3]);
        Assert.Equal(1.618216883980128, t[4]);
    }

    [Fact]
    public void RandomNormal_scales_and_shifts_the_standard_samples()
    {
        var standard = new double[6];
        Normal.Samples(new MersenneTwister(5, false), standard, 0, 1);
        var t = Tensor.RandomNormal([2, 3], 5, mean: 1.0, std: 0.5);
        Assert.Equal(Shape.Of(2, 3), t.Shape);
        for (var i = 0; i < 6; i++) Assert.Equal(1.0 + 0.5 * standard[i], t.Span[i], 1e-14);
    }

    [Fact]
    public void RandomUniform_for_a_seed_reproduces_MathNets_Mersenne_Twister()
    {
        var rng = new MersenneTwister(42, false);
        var expected = Enumerable.Range(0, 5).Select(_ => 10 + 5 * rng.NextDouble()).ToArray();
        Assert.Equal(expected, Tensor.RandomUniform([5], 42, low: 10, high: 15).ToArray());
    }

    [Fact]
    public void Random_factories_reject_invalid_parameters()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.RandomNormal([2], 1, std: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.RandomNormal([2], 1, std: double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.RandomUniform([2], 1, low: 1, high: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.RandomUniform([2], 1, low: 0, high: double.PositiveInfinity));
    }

    [Fact]
    public void RandomNormal_with_zero_std_is_constant()
    {
        Assert.All(Tensor.RandomNormal([4], 1, mean: 3, std: 0).ToArray(), v => Assert.Equal(3.0, v));
    }
}
