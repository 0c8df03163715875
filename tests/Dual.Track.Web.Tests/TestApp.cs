using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Dual.Track.Web.Tests;

/// <summary>
/// A workspace (starters, no build) served by the in-memory test host, with a client whose requests look like the page's:
/// Host 127.0.0.1:PORT and, unless asked otherwise, the token cookie.
/// </summary>
internal sealed class TestApp : IAsyncDisposable
{
    public const int Port = 5917;
    public const string Token = "test-token-0123456789";

    private readonly TempFolder _temp = new();

    private TestApp(Func<TrackProject, TrackReport>? runner, bool watch, CheckOptions? checkOptions, bool withSolutions, string language)
    {
        Workspace = Path.Combine(_temp.Path, "ws");
        WorkspaceInit.Create(Workspace, language, withSolutions);
        Server = TrackServer.Create(
            new TrackServerOptions { WorkspaceDirectory = Workspace, Port = Port, Token = Token, WatchFiles = watch, CheckOptions = checkOptions ?? new CheckOptions() },
            builder => builder.WebHost.UseTestServer(),
            runner);
    }

    public string Workspace { get; }

    /// <summary>A folder beside the workspace, for files the server must never reach.</summary>
    public string Outside => _temp.Path;

    public TrackServer Server { get; }

    public static async Task<TestApp> Start(Func<TrackProject, TrackReport>? runner = null, bool watch = false, CheckOptions? checkOptions = null, bool withSolutions = false, string language = "csharp")
    {
        var app = new TestApp(runner, watch, checkOptions, withSolutions, language);
        await app.Server.StartAsync();
        return app;
    }

    /// <summary>A client for the test host; <paramref name="cookie"/> false sends no token at all.</summary>
    public HttpClient Client(bool cookie = true)
    {
        var client = ((TestServer)Server.Services.GetRequiredService<IServer>()).CreateClient();
        client.BaseAddress = new Uri($"http://127.0.0.1:{Port}/");
        if (cookie)
        {
            client.DefaultRequestHeaders.Add("Cookie", $"dual-track-{Port}={Token}");
        }

        return client;
    }

    public static StringContent Text(string text) => new(text, System.Text.Encoding.UTF8, "text/plain");

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _temp.Dispose();
    }
}

/// <summary>Reports a fake checker returns: one project with the given checks.</summary>
internal static class Reports
{
    public static TrackReport Of(TrackProject project, params CheckResult[] checks) =>
        new([new ProjectResult(project.Number, project.Id, checks)], []);
}
