namespace Dual.Tests.Kernels;

/// <summary>Sum and max over every set of axes (inner rows folded, or outer rows combined elementwise) against a plain loop.</summary>
public class ReduceLoopTests
{
    public static TheoryData<int[]> AxisSets() => [[0], [1], [2], [0, 1], [0, 2], [1, 2], [0, 1, 2]];

    [Theory, MemberData(nameof(AxisSets))]
    public void Sum_and_max_over_axes_match_a_plain_loop(int[] axes)
    {
        var shape = Shape.Create([3, 4, 5]);
        // Distinct values in no order, so a max that took the minimum, or the wrong row, shows.
        var x = Tensor.Generate(shape, i => (i * 37 % 61) - 30.5);
        var sum = Expr.Constant(x).Sum(axes, keepDims: true).Evaluate();
        var max = Expr.Constant(x).Max(axes, keepDims: true).Evaluate();
        var keep = shape.Dims.ToArray();
        foreach (var a in axes) keep[a] = 1;
        var expectedSum = new double[keep[0] * keep[1] * keep[2]];
        var expectedMax = Enumerable.Repeat(double.NegativeInfinity, expectedSum.Length).ToArray();
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < 4; j++)
                for (var k = 0; k < 5; k++)
                {
                    var at = (keep[0] == 1 ? 0 : i) * keep[1] * keep[2] + (keep[1] == 1 ? 0 : j) * keep[2] + (keep[2] == 1 ? 0 : k);
                    expectedSum[at] += x[i, j, k];
                    expectedMax[at] = Math.Max(expectedMax[at], x[i, j, k]);
                }
        Assert.Equal(Shape.Create(keep), max.Shape);
        Assert.Equal(expectedMax, max.Span.ToArray());
        Assert.Equal(expectedSum, sum.Span.ToArray(), (a, b) => Math.Abs(a - b) <= 1e-12);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    public void Reducing_an_empty_tensor_gives_the_identity(int axis)
    {
        // [3, 0] over axis 1: three empty rows; over axis 0: nothing to combine into an empty result.
        var x = Tensor.Zeros([3, 0]);
        var sum = Expr.Constant(x).Sum(axis).Evaluate();
        var max = Expr.Constant(x).Max(axis).Evaluate();
        var expectedLength = axis == 1 ? 3 : 0;
        Assert.Equal(Enumerable.Repeat(0.0, expectedLength), sum.Span.ToArray());
        Assert.Equal(Enumerable.Repeat(double.NegativeInfinity, expectedLength), max.Span.ToArray());
    }
}
