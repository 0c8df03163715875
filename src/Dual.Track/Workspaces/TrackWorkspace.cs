using System.Text.Json;

namespace Dual.Track;

/// <summary>
/// A learner's workspace made by <c>dual track init</c>: an ordinary .NET project with one starter per project, a
/// manifest (<c>dual-track.json</c>), the Dual libraries in <c>.dual/lib</c> and the progress in <c>.dual/progress.json</c>.
/// </summary>
public sealed class TrackWorkspace
{
    private TrackWorkspace(string directory, WorkspaceManifest manifest)
    {
        Directory = directory;
        Manifest = manifest;
    }

    /// <summary>The workspace's root folder (full path).</summary>
    public string Directory { get; }

    /// <summary>Its manifest.</summary>
    public WorkspaceManifest Manifest { get; }

    /// <summary>The language of its starters (from the manifest).</summary>
    public TrackLanguage Language => TrackLanguage.Find(Manifest.Language)!;

    /// <summary>The project file <c>dual track check</c> builds.</summary>
    public string ProjectFile => Path.Combine(Directory, Language.ProjectFile);

    /// <summary>Where the progress is kept.</summary>
    public string ProgressFile => Path.Combine(Directory, ".dual", "progress.json");

    /// <summary>The projects this workspace has, in track order.</summary>
    public IReadOnlyList<TrackProject> Projects =>
        [.. TrackCatalog.Projects.Where(p => Manifest.Projects.Contains(p.Id, StringComparer.Ordinal))];

    /// <summary>The learner's file for <paramref name="project"/>, relative to the workspace, e.g. <c>01-neuron/Neuron.fs</c> in F#.</summary>
    public string StarterFile(TrackProject project)
    {
        ArgumentNullException.ThrowIfNull(project);
        return project.StarterFileIn(Language);
    }

    /// <summary>Opens the workspace at <paramref name="directory"/>, or throws <see cref="WorkspaceException"/> saying why it is not one.</summary>
    public static TrackWorkspace Open(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full))
        {
            throw new WorkspaceException($"{directory} does not exist; create a workspace with `dual track init {directory}`");
        }

        var manifestPath = Path.Combine(full, WorkspaceManifest.FileName);
        if (!File.Exists(manifestPath))
        {
            throw new WorkspaceException($"{directory} is not a track workspace (it has no {WorkspaceManifest.FileName}); create one with `dual track init DIR`, or pass --dir");
        }

        WorkspaceManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<WorkspaceManifest>(File.ReadAllText(manifestPath), TrackJson.Indented);
        }
        catch (JsonException e)
        {
            throw new WorkspaceException($"{manifestPath} is not a valid track manifest: {e.Message}", e);
        }

        if (manifest is not { Format: 1, Projects: not null, Language: not null } || TrackLanguage.Find(manifest.Language) is null)
        {
            throw new WorkspaceException($"{manifestPath} is not a track manifest this dual understands (format 1, language {string.Join(" or ", TrackLanguage.All)})");
        }

        return new TrackWorkspace(full, manifest);
    }

    /// <summary>The progress kept so far: project id to its last check (empty before the first check or if the file is unreadable).</summary>
    public IReadOnlyDictionary<string, ProjectProgress> ReadProgress()
    {
        if (!File.Exists(ProgressFile))
        {
            return new Dictionary<string, ProjectProgress>();
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, ProjectProgress>>(File.ReadAllText(ProgressFile), TrackJson.Indented)
                ?? new Dictionary<string, ProjectProgress>();
        }
        catch (JsonException)
        {
            // A damaged progress file only loses the record of past checks; the next check rewrites it.
            return new Dictionary<string, ProjectProgress>();
        }
    }

    /// <summary>Records the verdicts of <paramref name="report"/> in the progress file (other projects keep theirs).</summary>
    public void SaveProgress(TrackReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var progress = new Dictionary<string, ProjectProgress>(ReadProgress(), StringComparer.Ordinal);
        var now = DateTimeOffset.UtcNow;
        foreach (var project in report.Projects)
        {
            progress[project.Id] = new ProjectProgress(project.Status, now);
        }

        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(ProgressFile)!);
        var temporary = ProgressFile + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(progress, TrackJson.Indented));
        File.Move(temporary, ProgressFile, overwrite: true);
    }
}
