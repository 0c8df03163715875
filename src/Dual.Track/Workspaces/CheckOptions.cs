namespace Dual.Track;

/// <summary>How <see cref="TrackChecker"/> runs the learner's code.</summary>
public sealed record CheckOptions
{
    /// <summary>
    /// How long one project's grader process may run before it is ended (an endless loop, a deadlock); null uses each
    /// project's own <see cref="TrackProject.TimeLimit"/> (longer for the projects that train).
    /// </summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The time limit for <paramref name="project"/>: <see cref="Timeout"/> when set, else the project's own.</summary>
    public TimeSpan TimeLimitFor(TrackProject project)
    {
        ArgumentNullException.ThrowIfNull(project);
        return Timeout ?? project.TimeLimit;
    }

    /// <summary>How long the build may take.</summary>
    public TimeSpan BuildTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The most memory the grader process may use (its GC heap limit), so code that allocates without end stops with a clear result.</summary>
    public long MemoryLimitBytes { get; init; } = 1L << 30;

    /// <summary>The <c>dotnet</c> executable; null finds it (the running host when it is <c>dotnet</c>, else PATH).</summary>
    public string? Dotnet { get; init; }

    /// <summary>Whether MSBuild may keep its worker nodes alive between builds (faster repeated checks; tests turn it off).</summary>
    public bool ReuseBuildNodes { get; init; } = true;
}
