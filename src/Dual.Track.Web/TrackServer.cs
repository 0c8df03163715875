using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dual.Track.Web;

/// <summary>
/// <c>dual track serve</c>'s web app: one page over a learner's workspace (chapter, code, checks, pictures), bound to
/// 127.0.0.1 only, every request carrying the per-run token. See <see cref="RequestGuard"/> for the gates and
/// <see cref="WorkspaceFiles"/> for what may be read and written.
/// </summary>
public sealed class TrackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly StarterWatcher? _watcher;
    private int _port;

    private TrackServer(WebApplication app, StarterWatcher? watcher, string token, int port)
    {
        _app = app;
        _watcher = watcher;
        Token = token;
        _port = port;
    }

    /// <summary>This run's token.</summary>
    public string Token { get; }

    /// <summary>The port the server listens on (known after <see cref="StartAsync"/>).</summary>
    public int Port => _port;

    /// <summary>The address to open: <c>http://127.0.0.1:PORT/?token=TOKEN</c>.</summary>
    public Uri Address => new($"http://127.0.0.1:{Port}/?{RequestGuard.QueryName}={Token}");

    /// <summary>The JSON the API writes: camelCase, enums as words, nulls left out.</summary>
    internal static JsonSerializerOptions Json { get; } = CreateJson();

    /// <summary>
    /// Makes the server over <paramref name="options"/>' workspace (throws <see cref="WorkspaceException"/> when it is not
    /// one). <paramref name="configure"/> lets tests swap the web server (the in-memory test host) before it is built.
    /// </summary>
    public static TrackServer Create(TrackServerOptions options, Action<WebApplicationBuilder>? configure = null) =>
        Create(options, configure, runner: null);

    /// <summary>As <see cref="Create(TrackServerOptions, Action{WebApplicationBuilder}?)"/>, with the checker replaced (tests).</summary>
    internal static TrackServer Create(TrackServerOptions options, Action<WebApplicationBuilder>? configure, Func<TrackProject, TrackReport>? runner)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "the port must be between 0 and 65535");
        }

        var backend = new TrackBackend(options.WorkspaceDirectory, options.CheckOptions);
        var token = options.Token ?? Tokens.Create();

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(TrackServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{options.Port}");
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            o.SerializerOptions.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
        });
        configure?.Invoke(builder);
        var app = builder.Build();

        var events = new EventHub();
        var checks = new CheckCoordinator(runner ?? backend.Check, events, Json);
        var files = new WorkspaceFiles(backend.Root, backend.StarterFiles);
        StarterWatcher? watcher = null;
        if (options.WatchFiles)
        {
            watcher = new StarterWatcher(backend, project =>
            {
                events.Publish("file", JsonSerializer.Serialize(new { id = project.Id }, Json));
                checks.Request(project);
            });
        }

        var server = new TrackServer(app, watcher, token, options.Port);
        var guard = new RequestGuard(token, () => server.Port);
        app.Use(guard.Invoke);
        Endpoints.Map(app, new Endpoints.Context(backend, files, checks, events, watcher));
        return server;
    }

    /// <summary>Starts listening; afterwards <see cref="Port"/> is the bound port.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var bound = addresses?.Select(a => new Uri(a.Replace("://+", "://127.0.0.1", StringComparison.Ordinal))).FirstOrDefault(u => u.Port > 0);
        if (bound is not null)
        {
            _port = bound.Port;
        }
    }

    /// <summary>Waits until the app stops (Ctrl+C, or <paramref name="cancellationToken"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops listening.</summary>
    public Task StopAsync() => _app.StopAsync();

    /// <summary>The app's services (tests reach the in-memory test server through them).</summary>
    internal IServiceProvider Services => _app.Services;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _watcher?.Dispose();
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // A figure may carry a learner's NaN or infinite loss: written as "NaN"/"Infinity", not a failed response.
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        json.MakeReadOnly(populateMissingResolver: true);
        return json;
    }
}
