using System.Text.Json;

namespace Dual.Track.Web.Tests;

/// <summary>The server with the real checker (a workspace build and the grader's child process: slow, so one test).</summary>
public class RealCheckerTests
{
    [Fact]
    public async Task A_check_that_runs_past_the_time_limit_is_reported_as_timed_out()
    {
        await using var app = await TestApp.Start(
            checkOptions: new CheckOptions { Timeout = TimeSpan.FromSeconds(3), ReuseBuildNodes = false },
            withSolutions: true);
        var file = Path.Combine(app.Workspace, "01-neuron", "Neuron.cs");
        var source = await File.ReadAllTextAsync(file);
        const string Right = "public double DlossDa(double a, double y) => 2 * (a - y);";
        Assert.Contains(Right, source, StringComparison.Ordinal);
        await File.WriteAllTextAsync(file, source.Replace(Right, "public double DlossDa(double a, double y) { while (a < 2) { a = a * 1; } return a; }", StringComparison.Ordinal));

        using var client = app.Client();
        client.Timeout = TimeSpan.FromMinutes(5);
        var response = await client.PostAsync("/api/projects/neuron/check", null);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var project = doc.RootElement.GetProperty("report").GetProperty("projects")[0];
        Assert.Equal("failed", project.GetProperty("status").GetString());
        var stopped = project.GetProperty("checks").EnumerateArray().Last();
        Assert.Equal("error", stopped.GetProperty("status").GetString());
        Assert.Contains("did not finish within 3 s", stopped.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
