using System.Text.Json;

namespace Dual.Track;

/// <summary>
/// The outcome of one <c>dual track check</c>: a result per checked project, and the compiler errors when the
/// workspace did not build. Its JSON form (<see cref="ToJson"/>) is what <c>--json</c> prints and what the page reads.
/// </summary>
/// <param name="Projects">One result per checked project, in track order.</param>
/// <param name="BuildErrors">The compiler errors; empty when the workspace built.</param>
public sealed record TrackReport(IReadOnlyList<ProjectResult> Projects, IReadOnlyList<BuildError> BuildErrors)
{
    /// <summary>Projects whose every check passed.</summary>
    public int Passed => Projects.Count(p => p.Status == ProjectStatus.Passed);

    /// <summary>Projects with a failed check or one that could not run.</summary>
    public int Failed => Projects.Count(p => p.Status == ProjectStatus.Failed);

    /// <summary>Projects with a function still to write and nothing failed.</summary>
    public int Todo => Projects.Count(p => p.Status == ProjectStatus.Todo);

    /// <summary>True when every checked project passed (and there was at least one).</summary>
    public bool AllPassed => Projects.Count > 0 && Passed == Projects.Count;

    /// <summary>The summary line, a contract: <c>track: projects=N passed=P failed=F todo=T</c>.</summary>
    public string SummaryLine => $"track: projects={Projects.Count} passed={Passed} failed={Failed} todo={Todo}";

    /// <summary>The report as indented JSON (camelCase names, enums as strings, computed statuses included).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, TrackJson.Indented);

    /// <summary>Reads a report written by <see cref="ToJson"/>.</summary>
    public static TrackReport FromJson(string json) =>
        JsonSerializer.Deserialize<TrackReport>(json, TrackJson.Indented) ?? throw new JsonException("empty track report");
}
