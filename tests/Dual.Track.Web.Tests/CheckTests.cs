using System.Net;
using System.Text.Json;

namespace Dual.Track.Web.Tests;

/// <summary>Checks through the server: one at a time, the result and picture returned and pushed, the watcher's re-check.</summary>
public class CheckTests
{
    [Fact]
    public async Task A_second_check_while_one_runs_is_refused_with_the_reason_and_the_first_finishes()
    {
        using var release = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        var runs = 0;
        await using var app = await TestApp.Start(runner: p =>
        {
            Interlocked.Increment(ref runs);
            started.Set();
            release.Wait(TimeSpan.FromSeconds(30));
            return Reports.Of(p, CheckResult.Pass("dloss_da", "ok"));
        });
        using var client = app.Client();

        var first = client.PostAsync("/api/projects/neuron/check", null);
        Assert.True(started.Wait(TimeSpan.FromSeconds(10)));
        var second = await client.PostAsync("/api/projects/neuron/check", null);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("a check of neuron is already running", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var other = await client.PostAsync("/api/projects/dense-layer/check", null);
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);

        using var list = JsonDocument.Parse(await client.GetStringAsync("/api/projects"));
        Assert.True(list.RootElement[0].GetProperty("checking").GetBoolean());

        release.Set();
        var done = await first;
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        using var result = JsonDocument.Parse(await done.Content.ReadAsStringAsync());
        Assert.Equal("passed", result.RootElement.GetProperty("report").GetProperty("projects")[0].GetProperty("status").GetString());
        Assert.Equal(1, runs);

        // Once it ended, a new check runs.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/projects/neuron/check", null)).StatusCode);
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task A_check_that_could_not_run_is_reported_as_an_error_of_the_project()
    {
        await using var app = await TestApp.Start(runner: _ => throw new IOException("disk on fire"));
        using var client = app.Client();
        using var doc = JsonDocument.Parse(await (await client.PostAsync("/api/projects/neuron/check", null)).Content.ReadAsStringAsync());
        var check = doc.RootElement.GetProperty("report").GetProperty("projects")[0].GetProperty("checks")[0];
        Assert.Equal("error", check.GetProperty("status").GetString());
        Assert.Contains("disk on fire", check.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saving_a_starter_in_another_editor_rechecks_it_and_pushes_the_result()
    {
        var runs = 0;
        await using var app = await TestApp.Start(runner: p => { Interlocked.Increment(ref runs); return Reports.Of(p, CheckResult.Pass("dz_dw", "ok")); }, watch: true);
        using var client = app.Client();
        using var stream = await client.GetStreamAsync("/api/events");
        using var reader = new StreamReader(stream);
        Assert.Equal(": connected", await reader.ReadLineAsync());

        await File.AppendAllTextAsync(Path.Combine(app.Workspace, "01-neuron", "Neuron.cs"), "// saved elsewhere\n");
        var seen = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!seen.Contains("event: result"))
        {
            var line = await reader.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("the event stream ended");
            seen.Add(line);
        }

        Assert.Contains("event: file", seen);
        Assert.Contains("event: checking", seen);
        var data = await reader.ReadLineAsync(timeout.Token);
        Assert.StartsWith("data: {\"id\":\"neuron\"", data, StringComparison.Ordinal);
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task The_page_saving_a_starter_does_not_trigger_a_second_check()
    {
        var runs = 0;
        await using var app = await TestApp.Start(runner: p => { Interlocked.Increment(ref runs); return Reports.Of(p); }, watch: true);
        using var client = app.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync("/api/file?path=01-neuron/Neuron.cs", TestApp.Text("// from the page\n"))).StatusCode);
        await Task.Delay(1500);
        Assert.Equal(0, runs);
    }
}
