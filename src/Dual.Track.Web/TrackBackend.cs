namespace Dual.Track.Web;

/// <summary>
/// Every call the page makes into Dual.Track, in one place (so the track's API can grow without touching the web app's
/// other files): the workspace's projects and progress, their starters and chapters, and a check of one project.
/// </summary>
internal sealed class TrackBackend
{
    private readonly TrackWorkspace _workspace;
    private readonly CheckOptions _checkOptions;

    public TrackBackend(string directory, CheckOptions checkOptions)
    {
        _workspace = TrackWorkspace.Open(directory);
        _checkOptions = checkOptions;
    }

    /// <summary>The workspace's root folder (full path).</summary>
    public string Root => _workspace.Directory;

    /// <summary>The workspace's projects, in track order.</summary>
    public IReadOnlyList<TrackProject> Projects => _workspace.Projects;

    /// <summary>The project with this id or number in the workspace, or null.</summary>
    public TrackProject? Find(string idOrNumber)
    {
        var found = TrackCatalog.Find(idOrNumber);
        return _workspace.Projects.FirstOrDefault(p => ReferenceEquals(p, found));
    }

    /// <summary>The last recorded verdict of each project (new when never checked).</summary>
    public ProjectStatus StatusOf(TrackProject project) =>
        _workspace.ReadProgress().TryGetValue(project.Id, out var progress) ? progress.Status : ProjectStatus.New;

    /// <summary>The starter files, relative to the workspace with '/' separators: the only files the page may write.</summary>
    public IReadOnlyList<string> StarterFiles => [.. _workspace.Projects.Select(StarterFile)];

    /// <summary>The learner's file for <paramref name="project"/> in the workspace's language, relative, with '/' separators.</summary>
    public string StarterFile(TrackProject project) => _workspace.StarterFile(project).Replace('\\', '/');

    /// <summary>The chapter beside the starter (<c>init</c> copies it there as the project folder's README.md).</summary>
    public string ChapterFile(TrackProject project) => project.Folder + "/README.md";

    /// <summary>Builds the workspace and grades one project in the checker's child process (blocking).</summary>
    public TrackReport Check(TrackProject project) => TrackChecker.Check(_workspace, [project], _checkOptions);
}
