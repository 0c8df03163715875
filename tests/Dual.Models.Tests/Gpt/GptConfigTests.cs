namespace Dual.Models.Tests;

/// <summary>GptConfig: presets say what the benchmarks say, and bad sizes fail at once with the size named.</summary>
public class GptConfigTests
{
    [Fact]
    public void MicroGpt_preset_is_karpathys_microgpt()
    {
        var c = GptConfig.MicroGpt;
        Assert.Equal((27, 16, 4, 1, 16), (c.VocabSize, c.Width, c.Heads, c.Layers, c.BlockSize));
        Assert.Equal(GptNorm.RmsNorm, c.Norm);
        Assert.False(c.NormGain);
        Assert.True(c.EmbeddingNorm);
        Assert.False(c.FinalNorm);
        Assert.Equal(GptActivation.Relu, c.Activation);
        Assert.False(c.Bias);
        Assert.False(c.TieWeights);
        Assert.Equal(4, c.HeadSize);
        Assert.Equal(64, c.MlpWidth);
    }

    [Fact]
    public void Shakespeare_preset_is_the_B5_model()
    {
        var c = GptConfig.Shakespeare;
        Assert.Equal((65, 128, 4, 4, 64), (c.VocabSize, c.Width, c.Heads, c.Layers, c.BlockSize));
        Assert.Equal(GptNorm.LayerNorm, c.Norm);
        Assert.True(c.NormGain && c.Bias && c.FinalNorm && c.ScaleResidualInit);
        Assert.False(c.TieWeights || c.EmbeddingNorm);
        Assert.Equal(GptActivation.Gelu, c.Activation);
        Assert.Equal(512, c.MlpWidth);
        Assert.Equal(0.02, c.InitStd);
    }

    [Fact]
    public void A_width_not_divisible_by_the_heads_is_an_error_naming_both()
    {
        var e = Assert.Throws<ArgumentException>(() => new GptConfig(7, 10, 3, 1, 5));
        Assert.Contains("Width 10", e.Message, StringComparison.Ordinal);
        Assert.Contains("Heads 3", e.Message, StringComparison.Ordinal);
        // A `with` copy is checked when a layer uses it.
        var copy = new GptConfig(7, 8, 2, 1, 5) with { Heads = 3 };
        var late = Assert.Throws<ArgumentException>(() => Layers.Gpt(Expr.Constant(Tensor.Zeros([1, 4])), copy));
        Assert.Contains("Heads 3", late.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Layers.TransformerBlock(Expr.Variable("x", [4, 8]), copy));
    }

    [Theory]
    [InlineData(0, 8, 2, 1, 5, "VocabSize")]
    [InlineData(7, 0, 2, 1, 5, "Width")]
    [InlineData(7, 8, -2, 1, 5, "Heads")]
    [InlineData(7, 8, 2, 0, 5, "Layers")]
    [InlineData(7, 8, 2, 1, 0, "BlockSize")]
    public void Non_positive_sizes_are_errors_naming_the_size(int vocab, int width, int heads, int layers, int block, string name)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new GptConfig(vocab, width, heads, layers, block));
        Assert.Equal(name, e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new GptConfig(7, 8, 2, 1, 5) with { MlpRatio = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new GptConfig(7, 8, 2, 1, 5) with { NormEps = -1 });
    }
}
