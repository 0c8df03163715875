namespace Dual.Models.Tests.Optimizers;

public class ClipTests
{
    // a = [3], b = [4]: the global norm is √(9 + 16) = 5.
    private static readonly Params Grads = Ps.Of(("a", Tensor.Vector(3.0)), ("b", Tensor.FromRows([4.0])));

    [Fact]
    public void Global_norm_is_the_norm_of_all_elements_together()
    {
        Assert.Equal(5.0, Clip.GlobalNorm(Grads), 15);
        Assert.Equal(13.0, Clip.GlobalNorm(Ps.Of(("x", Tensor.Vector(3, 4, 12)))), 15); // √(9 + 16 + 144)
    }

    [Fact]
    public void Gradients_over_the_limit_are_scaled_to_it()
    {
        // Limit 1: scale 1/5 → a = 0.6, b = 0.8; the norm reported is the one before clipping.
        var (clipped, norm) = Clip.ByGlobalNorm(Grads, 1.0);

        Assert.Equal(5.0, norm, 15);
        Assert.Equal(0.6, clipped["a"][0], 15);
        Assert.Equal(0.8, clipped["b"][0, 0], 15);
        Assert.Equal(1.0, Clip.GlobalNorm(clipped), 15);
        Assert.Equal(3.0, Grads["a"][0]); // the input is unchanged
    }

    [Fact]
    public void Gradients_within_the_limit_are_returned_as_they_are()
    {
        var (clipped, norm) = Clip.ByGlobalNorm(Grads, 10.0);

        Assert.Equal(5.0, norm, 15);
        Assert.Equal(3.0, clipped["a"][0]);
        Assert.Equal(4.0, clipped["b"][0, 0]);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_limit_that_is_not_positive_and_finite_is_rejected(double maxNorm)
    {
        var e = Assert.Throws<ArgumentException>(() => Clip.ByGlobalNorm(Grads, maxNorm));
        Assert.Contains("maxNorm", e.Message, StringComparison.Ordinal);
    }
}
