using Dual.Models.Tests.Optimizers;

namespace Dual.Models.Tests.Training;

public class GradientNormsTests
{
    // l0.w = [3, 4] (norm 5), l0.b = [12] (norm 12), l1.w = [[1]] (norm 1), c = [2] (norm 2).
    private static readonly Params Grads = Ps.Of(
        ("l0.w", Tensor.Vector(3, 4)), ("l0.b", Tensor.Vector(12)), ("l1.w", Tensor.FromRows([1])), ("c", Tensor.Vector(2)));

    [Fact]
    public void Per_parameter_norms_are_in_parameter_order()
    {
        var norms = GradientNorms.PerParameter(Grads);

        Assert.Equal(["l0.w", "l0.b", "l1.w", "c"], norms.Select(n => n.Path));
        Assert.Equal([5.0, 12.0, 1.0, 2.0], norms.Select(n => n.Norm));
    }

    [Fact]
    public void Per_layer_norms_group_by_the_path_without_its_last_segment()
    {
        // l0: √(9 + 16 + 144) = 13; l1: 1; root: 2.
        var norms = GradientNorms.PerLayer(Grads);

        Assert.Equal(["l0", "l1", ""], norms.Select(n => n.Path));
        Assert.Equal([13.0, 1.0, 2.0], norms.Select(n => n.Norm));
    }

    [Theory]
    [InlineData("h1.attn.wq", "h1.attn")]
    [InlineData("l0.w", "l0")]
    [InlineData("w", "")]
    public void A_parameters_layer_is_its_path_prefix(string path, string layer) =>
        Assert.Equal(layer, GradientNorms.LayerOf(path));
}
