using System.Text.Json;

namespace Dual.Track.Web.Tests;

/// <summary>The neuron's graph: Dual's numbers at the learner's failing case, the learner's number beside them, the wrong factor marked.</summary>
public class PictureTests
{
    [Fact]
    public async Task The_graph_shows_the_failing_case_with_hand_computed_values_and_the_learners_number()
    {
        var failing = new CheckResult("grad_w", CheckStatus.Failed, "grad_w is wrong")
        {
            Input = "w=0, b=0, x=1, y=0",
            Where = "da_dz (the sigmoid's derivative)",
            Expected = "0.25 (Dual reverse mode; finite differences 0.25)",
            Got = "1",
        };
        await using var app = await TestApp.Start(runner: p => Reports.Of(
            p,
            CheckResult.Pass("dloss_da", "ok"),
            new CheckResult("da_dz", CheckStatus.Failed, "da_dz is wrong"),
            CheckResult.Pass("dz_dw", "ok"),
            failing,
            CheckResult.Pass("grad_b", "ok")));
        using var client = app.Client();
        using var doc = JsonDocument.Parse(await (await client.PostAsync("/api/projects/neuron/check", null)).Content.ReadAsStringAsync());
        var svg = doc.RootElement.GetProperty("picture").GetString()!;

        // By hand at w=0, b=0, x=1, y=0: z = 0, a = 1/2, loss = 1/4; dloss/da = 2(a - y) = 1, dloss/dz = 1 * a(1 - a) = 1/4,
        // dloss/dw = 1/4 * x = 1/4, dloss/db = 1/4, dloss/dx = 1/4 * w = 0.
        Assert.Contains("case: w=0, b=0, x=1, y=0 (the shrunk failing case of grad_w)", svg, StringComparison.Ordinal);
        Assert.Contains(">z = 0<", svg, StringComparison.Ordinal);
        Assert.Contains(">a = 0.5<", svg, StringComparison.Ordinal);
        Assert.Contains(">loss = 0.25<", svg, StringComparison.Ordinal);
        Assert.Contains("<g class=\"node fail\" data-node=\"w\">", svg, StringComparison.Ordinal);
        Assert.Contains(">grad 0.25</text><text x=\"11\" y=\"81\" class=\"yours\">yours: 1<", svg, StringComparison.Ordinal);
        Assert.Contains("<g class=\"edge fail\" data-factor=\"da_dz\">", svg, StringComparison.Ordinal);
        Assert.Contains("<g class=\"edge pass\" data-factor=\"dloss_da\">", svg, StringComparison.Ordinal);
        Assert.Contains(">a = 0.5</text><text x=\"511\" y=\"146\" class=\"grad\">grad 1<", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void The_case_text_of_the_grader_is_read_back()
    {
        Assert.True(NeuronGraphSvg.TryParseCase("w=-0.5, b=1E-05, x=3, y=1", out var values));
        Assert.Equal((-0.5, 1e-5, 3.0, 1.0), values);
        Assert.False(NeuronGraphSvg.TryParseCase("z=1, a=sigmoid(z)=0.73", out _));
    }
}
