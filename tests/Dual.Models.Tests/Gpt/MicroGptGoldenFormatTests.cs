namespace Dual.Models.Tests;

/// <summary>The golden weights format: microgpt's names map to Dual's paths, matrices are transposed, malformed files are named.</summary>
public class MicroGptGoldenFormatTests
{
    [Theory]
    [InlineData("wte", "wte")]
    [InlineData("wpe", "wpe")]
    [InlineData("lm_head", "lm_head.w")]
    [InlineData("layer0.attn_wq", "h0.attn.wq")]
    [InlineData("layer0.attn_wo", "h0.attn.wo")]
    [InlineData("layer3.mlp_fc1", "h3.mlp.fc1.w")]
    [InlineData("layer12.mlp_fc2", "h12.mlp.fc2.w")]
    public void Microgpt_names_map_to_Dual_paths(string microgpt, string dual) =>
        Assert.Equal(dual, MicroGptGolden.PathOf(microgpt));

    [Theory]
    [InlineData("layer0.attn_wx")]
    [InlineData("layerx.attn_wq")]
    [InlineData("head")]
    public void Unknown_names_are_rejected_by_name(string name)
    {
        var e = Assert.Throws<FormatException>(() => MicroGptGolden.PathOf(name));
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Embeddings_keep_their_layout_and_weights_are_transposed_to_in_by_out()
    {
        string[] lines =
        [
            "# a comment",
            "wte 2 3",
            "1 2 3",
            "4 5 6",
            "layer0.attn_wq 2 3",
            "1 2 3",
            "4 5 6",
        ];

        var p = MicroGptGolden.ParseInit(lines);

        Assert.Equal(["wte", "h0.attn.wq"], p.Keys);
        Assert.Equal(Tensor.FromRows([1, 2, 3], [4, 5, 6]), p["wte"]);
        // [out][in] = [[1,2,3],[4,5,6]] (2 outputs, 3 inputs) becomes [in, out] = 3×2.
        Assert.Equal(Tensor.FromRows([1, 4], [2, 5], [3, 6]), p["h0.attn.wq"]);
    }

    [Theory]
    [InlineData(new[] { "wte 2" }, "line 1")]
    [InlineData(new[] { "wte 2 2", "1 2" }, "needs 2 rows")]
    [InlineData(new[] { "wte 1 2", "1 2 3" }, "line 2")]
    [InlineData(new[] { "wte 1 2", "1 x" }, "\"x\" is not a number")]
    [InlineData(new[] { "wte 0 2" }, "line 1")]
    public void Malformed_files_say_where(string[] lines, string fragment)
    {
        var e = Assert.Throws<FormatException>(() => MicroGptGolden.ParseInit(lines, "init.txt"));
        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
        Assert.Contains("init.txt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_golden_weights_are_exactly_the_microgpt_configs_parameters()
    {
        var golden = MicroGptGolden.Load();
        var specs = GptCheckpoint.ParametersOf(GptConfig.MicroGpt);

        golden.Init.Validate(specs);
        Assert.Equal(specs.Select(s => s.Path).Order(StringComparer.Ordinal), golden.Init.Keys.Order(StringComparer.Ordinal));
    }
}
