using System.Collections.Concurrent;
using System.Text.Json;

namespace Dual.Track.Web;

/// <summary>
/// Runs one check at a time (every check builds the same workspace, so two at once would fight over bin/ and obj/):
/// a check asked for from the page while another runs is refused with the reason; one asked for by the file watcher
/// waits and runs next. Keeps each project's last report and pushes progress to the open pages.
/// </summary>
internal sealed class CheckCoordinator(Func<TrackProject, TrackReport> run, EventHub events, JsonSerializerOptions json)
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, TrackReport> _last = new(StringComparer.Ordinal);
    private TrackProject? _running;
    private TrackProject? _pending;

    /// <summary>The project being checked now, or null.</summary>
    public TrackProject? Running
    {
        get
        {
            lock (_gate)
            {
                return _running;
            }
        }
    }

    /// <summary>The last report of <paramref name="project"/> since the server started, or null.</summary>
    public TrackReport? Last(TrackProject project) => _last.TryGetValue(project.Id, out var report) ? report : null;

    /// <summary>Starts a check of <paramref name="project"/>, or returns null when one is already running (<paramref name="busyWith"/> says which).</summary>
    public Task<TrackReport>? TryStart(TrackProject project, out TrackProject? busyWith)
    {
        lock (_gate)
        {
            busyWith = _running;
            if (_running is not null)
            {
                return null;
            }

            _running = project;
        }

        return Task.Run(() => RunAndContinue(project));
    }

    /// <summary>Checks <paramref name="project"/> now, or right after the running check ends (the file watcher's way).</summary>
    public void Request(TrackProject project)
    {
        lock (_gate)
        {
            if (_running is not null)
            {
                _pending = project;
                return;
            }

            _running = project;
        }

        _ = Task.Run(() => RunAndContinue(project));
    }

    private TrackReport RunAndContinue(TrackProject project)
    {
        while (true)
        {
            var report = RunOne(project);
            lock (_gate)
            {
                if (_pending is null)
                {
                    _running = null;
                    return report;
                }

                project = _pending;
                _running = project;
                _pending = null;
            }
        }
    }

    private TrackReport RunOne(TrackProject project)
    {
        events.Publish("checking", JsonSerializer.Serialize(new { id = project.Id }, json));
        TrackReport report;
        try
        {
            report = run(project);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // The checker itself could not run (dotnet missing, a locked file): say so as the project's result.
            report = new TrackReport([new ProjectResult(project.Number, project.Id, [new CheckResult("checker", CheckStatus.Error, "the checker could not run: " + e.Message)])], []);
        }

        _last[project.Id] = report;
        events.Publish("result", JsonSerializer.Serialize(new { id = project.Id, report }, json));
        return report;
    }
}
