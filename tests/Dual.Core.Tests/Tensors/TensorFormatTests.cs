namespace Dual.Tests.Tensors;

/// <summary>Tensor.ToString: NumPy-style nested brackets, aligned values, the shape, and elision of large tensors.</summary>
public class TensorFormatTests
{
    [Fact]
    public void A_scalar_prints_its_value_without_a_shape()
    {
        Assert.Equal("tensor(1.5)", Tensor.Scalar(1.5).ToString());
        Assert.Equal("tensor(-3)", Tensor.Scalar(-3).ToString());
    }

    [Fact]
    public void Values_print_with_six_significant_digits_in_the_invariant_culture()
    {
        Assert.Equal("tensor(0.333333)", Tensor.Scalar(1.0 / 3).ToString());
        Assert.Equal("tensor(1.23457E+08)", Tensor.Scalar(123456789).ToString());
        Assert.Equal("tensor(NaN)", Tensor.Scalar(double.NaN).ToString());
    }

    [Fact]
    public void A_vector_prints_right_aligned_values_and_its_shape()
    {
        Assert.Equal("tensor([1, 2, 3], shape=[3])", Tensor.Vector(1, 2, 3).ToString());
        Assert.Equal("tensor([  1, 2.5,  -3], shape=[3])", Tensor.Vector(1, 2.5, -3).ToString());
    }

    [Fact]
    public void A_matrix_prints_one_row_per_line_aligned_under_the_first()
    {
        var t = Tensor.FromRows([1, 2], [3, 40]);
        Assert.Equal("tensor([[ 1,  2],\n        [ 3, 40]], shape=[2, 2])", t.ToString());
    }

    [Fact]
    public void A_rank_3_tensor_separates_its_blocks_with_a_blank_line()
    {
        var t = Tensor.Arange(8).Reshape([2, 2, 2]);
        const string expected =
            "tensor([[[0, 1],\n" +
            "         [2, 3]],\n" +
            "\n" +
            "        [[4, 5],\n" +
            "         [6, 7]]], shape=[2, 2, 2])";
        Assert.Equal(expected, t.ToString());
    }

    [Fact]
    public void An_empty_tensor_prints_empty_brackets_and_its_shape()
    {
        Assert.Equal("tensor([], shape=[0])", Tensor.Vector().ToString());
    }

    [Fact]
    public void A_tensor_of_1000_elements_is_printed_in_full()
    {
        var s = Tensor.Arange(1000).ToString();
        Assert.DoesNotContain("...", s);
        Assert.Contains(" 500,", s);
        Assert.Contains(" 999]", s);
        Assert.EndsWith("shape=[1000])", s);
    }

    [Fact]
    public void A_vector_of_more_than_1000_elements_shows_three_values_at_each_end()
    {
        var s = Tensor.Arange(2000).ToString();
        Assert.Equal("tensor([   0,    1,    2, ..., 1997, 1998, 1999], shape=[2000])", s);
    }

    [Fact]
    public void A_large_matrix_is_elided_on_both_axes_and_shows_its_shape()
    {
        var t = Tensor.Generate([40, 50], i => i);
        var s = t.ToString();
        var lines = s.Split('\n');
        Assert.Contains("shape=[40, 50]", s);
        // Rows 0, 1, 2, an ellipsis line, rows 37, 38, 39.
        Assert.Equal(7, lines.Length);
        Assert.StartsWith("tensor([[   0,    1,    2, ...,   47,   48,   49],", lines[0]);
        Assert.Equal("        ...,", lines[3]);
        Assert.Equal("        [1950, 1951, 1952, ..., 1997, 1998, 1999]], shape=[40, 50])", lines[6]);
        Assert.DoesNotContain(" 1000,", s);
        Assert.DoesNotContain(" 25,", s);
    }

    [Fact]
    public void Elision_output_stays_short_for_a_million_elements()
    {
        var s = Tensor.Zeros([1000, 1000]).ToString();
        Assert.Contains("...", s);
        Assert.Contains("shape=[1000, 1000]", s);
        Assert.True(s.Length < 400, $"{s.Length} characters");
    }
}
