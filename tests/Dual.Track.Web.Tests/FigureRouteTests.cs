using System.Net;
using System.Text.Json;

namespace Dual.Track.Web.Tests;

/// <summary>The checks' figures travel with the check results, drawn, behind the same gates; a NaN loss does not break the answer.</summary>
public class FigureRouteTests
{
    private static TrackReport WithFigures(TrackProject project) => Reports.Of(
        project,
        CheckResult.Pass("update rule", "ok"),
        new CheckResult("loss trajectory", CheckStatus.Failed, "loss at step 3 is wrong")
        {
            Figure = TrackFigure.Lines("<script>alert(1)</script>", "step", "loss",
                new FigureSeries("your Train", [1.0, 0.5, double.NaN, double.PositiveInfinity]),
                new FigureSeries("the grader's loop", [1.0, 0.5, 0.25, 0.125])),
        },
        CheckResult.Pass("names", "ok") with { Figure = TrackFigure.List("sampled", ["emma"]) });

    [Fact]
    public async Task A_check_answers_with_each_figure_drawn_under_its_checks_index()
    {
        await using var app = await TestApp.Start(runner: WithFigures);
        using var client = app.Client();
        var response = await client.PostAsync("/api/projects/gradient-descent/check", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var figures = doc.RootElement.GetProperty("figures").EnumerateArray().ToList();
        Assert.Equal([1, 2], figures.Select(f => f.GetProperty("check").GetInt32()));
        var lines = figures[0].GetProperty("html").GetString()!;
        Assert.StartsWith("<figure class=\"check-figure\" data-kind=\"lines\"><figcaption>&lt;script&gt;alert(1)&lt;/script&gt;</figcaption><svg", lines, StringComparison.Ordinal);
        Assert.Contains("drawn as gaps", lines, StringComparison.Ordinal);
        Assert.Contains("<li>emma</li>", figures[1].GetProperty("html").GetString(), StringComparison.Ordinal);

        // The learner's NaN travels as a named number, so the report stays valid JSON.
        var values = doc.RootElement.GetProperty("report").GetProperty("projects")[0].GetProperty("checks")[1].GetProperty("figure").GetProperty("series")[0].GetProperty("values");
        Assert.Equal("NaN", values[2].GetString());
        Assert.Equal("Infinity", values[3].GetString());

        // Reopening the project later brings the same figures.
        using var reopened = JsonDocument.Parse(await client.GetStringAsync("/api/projects/gradient-descent"));
        Assert.Equal(lines, reopened.RootElement.GetProperty("figures")[0].GetProperty("html").GetString());
    }

    [Fact]
    public async Task Figures_are_behind_the_token_and_Host_gates()
    {
        var runs = 0;
        await using var app = await TestApp.Start(runner: p => { Interlocked.Increment(ref runs); return WithFigures(p); });
        using var client = app.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/projects/gradient-descent/check", null)).StatusCode);

        using var none = app.Client(cookie: false);
        var refused = await none.GetAsync("/api/projects/gradient-descent");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.DoesNotContain("figure", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var rebound = new HttpRequestMessage(HttpMethod.Get, "/api/projects/gradient-descent");
        rebound.Headers.Host = "evil.example:5917";
        Assert.Equal(HttpStatusCode.MisdirectedRequest, (await client.SendAsync(rebound)).StatusCode);

        using var foreign = new HttpRequestMessage(HttpMethod.Post, "/api/projects/gradient-descent/check");
        foreign.Headers.Add("Origin", "http://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(foreign)).StatusCode);
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task A_project_never_checked_or_without_figures_has_none()
    {
        await using var app = await TestApp.Start(runner: p => Reports.Of(p, CheckResult.Pass("dloss_da", "ok")));
        using var client = app.Client();
        using var fresh = JsonDocument.Parse(await client.GetStringAsync("/api/projects/neuron"));
        Assert.Equal(0, fresh.RootElement.GetProperty("figures").GetArrayLength());
        using var checkedDoc = JsonDocument.Parse(await (await client.PostAsync("/api/projects/neuron/check", null)).Content.ReadAsStringAsync());
        Assert.Equal(0, checkedDoc.RootElement.GetProperty("figures").GetArrayLength());
    }

    [Fact]
    public async Task The_result_event_carries_a_NaN_loss_without_failing()
    {
        await using var app = await TestApp.Start(runner: WithFigures);
        using var client = app.Client();
        using var stream = await client.GetStreamAsync("/api/events");
        using var reader = new StreamReader(stream);
        Assert.Equal(": connected", await reader.ReadLineAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/projects/gradient-descent/check", null)).StatusCode);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        string? line;
        do
        {
            line = await reader.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("the event stream ended");
        }
        while (line != "event: result");

        var data = await reader.ReadLineAsync(timeout.Token);
        Assert.StartsWith("data: ", data, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(data!["data: ".Length..]);
        Assert.Equal("gradient-descent", doc.RootElement.GetProperty("id").GetString());
    }
}
