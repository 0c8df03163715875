namespace Dual.Track;

/// <summary>The workspace's <c>dual-track.json</c>: what made it, in which language, with which projects.</summary>
/// <param name="Format">The manifest's format version (1).</param>
/// <param name="Language">csharp or fsharp.</param>
/// <param name="Projects">The ids of the projects the workspace has starters for.</param>
public sealed record WorkspaceManifest(int Format, string Language, IReadOnlyList<string> Projects)
{
    /// <summary>The manifest's file name at the workspace's root.</summary>
    public const string FileName = "dual-track.json";
}
