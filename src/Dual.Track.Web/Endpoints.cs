using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Dual.Track.Web;

/// <summary>The routes: the page and its assets, the projects, the starter files, checks, chapter pictures, and the event stream.</summary>
internal static partial class Endpoints
{
    /// <summary>What the routes work with.</summary>
    internal sealed record Context(TrackBackend Backend, WorkspaceFiles Files, CheckCoordinator Checks, EventHub Events, StarterWatcher? Watcher);

    public static void Map(WebApplication app, Context c)
    {
        app.MapGet("/", () => Asset("index.html", "text/html; charset=utf-8"));
        app.MapGet("/app.js", () => Asset("app.js", "text/javascript; charset=utf-8"));
        app.MapGet("/app.css", () => Asset("app.css", "text/css; charset=utf-8"));

        app.MapGet("/api/projects", () => Results.Json(c.Backend.Projects.Select(p => Summary(c, p)), TrackServer.Json));

        app.MapGet("/api/projects/{id}", (string id) =>
        {
            var project = c.Backend.Find(id);
            if (project is null)
            {
                return NoProject(id);
            }

            var chapterPath = c.Files.Inside(c.Backend.ChapterFile(project), out _);
            var chapter = chapterPath is not null && File.Exists(chapterPath)
                ? ChapterRenderer.Render(File.ReadAllText(chapterPath), project)
                : "<p>This project's chapter (README.md in its folder) is missing from the workspace.</p>";
            var starter = c.Files.Starter(c.Backend.StarterFile(project), out _);
            var source = starter is not null && File.Exists(starter) ? File.ReadAllText(starter) : "";
            var last = c.Checks.Last(project);
            return Results.Json(new { project = Summary(c, project), chapterHtml = chapter, source, report = last, picture = Picture(project, last), figures = Figures(last) }, TrackServer.Json);
        });

        app.MapGet("/api/projects/{id}/assets/{name}", (string id, string name) =>
        {
            var project = c.Backend.Find(id);
            if (project is null)
            {
                return NoProject(id);
            }

            var path = PictureName().IsMatch(name) ? c.Files.Inside(project.Folder + "/" + name, out _) : null;
            return path is not null && File.Exists(path)
                ? Results.File(File.ReadAllBytes(path), "image/svg+xml")
                : Results.NotFound(new { error = $"no picture '{name}' in {project.Folder}" });
        });

        app.MapGet("/api/file", (string? path) =>
        {
            var full = c.Files.Starter(path, out var why);
            if (full is null)
            {
                return Results.Json(new { error = why }, TrackServer.Json, statusCode: StatusCodes.Status403Forbidden);
            }

            return File.Exists(full) ? Results.Text(File.ReadAllText(full), "text/plain; charset=utf-8") : Results.NotFound(new { error = $"{path} does not exist" });
        });

        app.MapPut("/api/file", async (string? path, HttpRequest request) =>
        {
            var full = c.Files.Starter(path, out var why);
            if (full is null)
            {
                return Results.Json(new { error = why }, TrackServer.Json, statusCode: StatusCodes.Status403Forbidden);
            }

            var body = await ReadLimited(request).ConfigureAwait(false);
            if (body is null)
            {
                return Results.Json(new { error = $"a starter file may be at most {WorkspaceFiles.MaxWriteBytes} bytes" }, TrackServer.Json, statusCode: StatusCodes.Status413PayloadTooLarge);
            }

            c.Watcher?.WrittenByPage(full, body);
            await File.WriteAllBytesAsync(full, body).ConfigureAwait(false);
            return Results.Json(new { saved = path, bytes = body.Length }, TrackServer.Json);
        });

        app.MapPost("/api/projects/{id}/check", async (string id) =>
        {
            var project = c.Backend.Find(id);
            if (project is null)
            {
                return NoProject(id);
            }

            var running = c.Checks.TryStart(project, out var busyWith);
            if (running is null)
            {
                return Results.Json(
                    new { error = $"a check of {busyWith!.Id} is already running; its result will appear when it ends", busy = busyWith.Id },
                    TrackServer.Json,
                    statusCode: StatusCodes.Status409Conflict);
            }

            var report = await running.ConfigureAwait(false);
            return Results.Json(new { report, picture = Picture(project, report), figures = Figures(report) }, TrackServer.Json);
        });

        app.MapGet("/api/events", (HttpContext http, IHostApplicationLifetime lifetime) => Stream(http, c.Events, lifetime.ApplicationStopping));
    }

    private static object Summary(Context c, TrackProject p) => new
    {
        number = p.Number,
        id = p.Id,
        title = p.Title,
        starterFile = c.Backend.StarterFile(p),
        status = c.Checks.Last(p)?.Projects.FirstOrDefault()?.Status ?? c.Backend.StatusOf(p),
        checking = ReferenceEquals(c.Checks.Running, p),
    };

    /// <summary>The project's picture for its last report, as SVG text, or null when it has none.</summary>
    internal static string? Picture(TrackProject project, TrackReport? report)
    {
        var result = report?.Projects.FirstOrDefault(r => r.Id == project.Id);
        return result is not null && project.Id == "neuron" ? NeuronGraphSvg.Render(result) : null;
    }

    /// <summary>
    /// Each check's figure drawn as HTML, by the check's index in the report's first project (the page puts it under
    /// that check); empty when no check has one.
    /// </summary>
    internal static IReadOnlyList<CheckFigure> Figures(TrackReport? report) =>
        report?.Projects.FirstOrDefault() is { } result
            ? [.. result.Checks.Select((check, index) => (check, index)).Where(c => c.check.Figure is not null).Select(c => new CheckFigure(c.index, Drawn.GetValue(c.check.Figure!, FigureHtml.Render)))]
            : [];

    /// <summary>Each figure drawn once while its report is kept (reopening a project does not draw it again).</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<TrackFigure, string> Drawn = [];

    /// <summary>One check's figure as HTML: <paramref name="Check"/> is the check's index in the report.</summary>
    internal sealed record CheckFigure(int Check, string Html);

    private static IResult NoProject(string id) =>
        Results.NotFound(new { error = $"no project '{id}' in this workspace" });

    private static async Task<byte[]?> ReadLimited(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await request.Body.ReadAsync(chunk).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > WorkspaceFiles.MaxWriteBytes)
            {
                return null;
            }
        }

        return buffer.ToArray();
    }

    private static async Task Stream(HttpContext http, EventHub hub, CancellationToken stopping)
    {
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-store";
        using var subscription = hub.Subscribe();
        using var both = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
        await http.Response.WriteAsync(": connected\n\n", both.Token).ConfigureAwait(false);
        await http.Response.Body.FlushAsync(both.Token).ConfigureAwait(false);
        try
        {
            while (true)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(both.Token);
                wait.CancelAfter(TimeSpan.FromSeconds(15));
                string text;
                try
                {
                    var next = await subscription.Reader.ReadAsync(wait.Token).ConfigureAwait(false);
                    text = $"event: {next.Name}\ndata: {next.Data}\n\n";
                }
                catch (OperationCanceledException) when (!both.IsCancellationRequested)
                {
                    text = ": keep-alive\n\n";
                }

                await http.Response.WriteAsync(text, both.Token).ConfigureAwait(false);
                await http.Response.Body.FlushAsync(both.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The page went away, or the server is stopping.
        }
    }

    private static IResult Asset(string name, string contentType)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("assets/" + name)
            ?? throw new InvalidOperationException($"asset {name} is missing from Dual.Track.Web");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Results.Text(reader.ReadToEnd(), contentType);
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*\.svg$")]
    private static partial Regex PictureName();
}
