namespace Dual.Track.Web;

/// <summary>
/// Turns a path from a request into a file of the workspace, or refuses: no <c>..</c>, no absolute path, no backslash or
/// still-encoded separator, no symbolic link on the way, nothing outside the workspace's root. Writable files are
/// exactly the starters.
/// </summary>
internal sealed class WorkspaceFiles
{
    /// <summary>The largest file the page may write (a starter is a few kilobytes).</summary>
    public const int MaxWriteBytes = 1 << 20;

    private readonly string _root;
    private readonly HashSet<string> _writable;

    public WorkspaceFiles(string root, IEnumerable<string> writable)
    {
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        _writable = new HashSet<string>(writable, StringComparer.Ordinal);
    }

    /// <summary>The full path of a starter file, or null (with the reason) when <paramref name="relative"/> is not one.</summary>
    public string? Starter(string? relative, out string why)
    {
        var full = Inside(relative, out why);
        if (full is null)
        {
            return null;
        }

        if (!_writable.Contains(relative!))
        {
            why = $"{relative} is not a starter file; the page reads and writes only the starters";
            return null;
        }

        return full;
    }

    /// <summary>The full path of <paramref name="relative"/> inside the workspace, or null (with the reason).</summary>
    public string? Inside(string? relative, out string why)
    {
        why = "";
        if (string.IsNullOrEmpty(relative))
        {
            why = "no path given";
            return null;
        }

        // The query string was decoded once already: a '%' left means an encoded separator or dot was smuggled in.
        if (relative.IndexOfAny(['\\', '%', '\0', ':']) >= 0 || relative.StartsWith('/') || Path.IsPathRooted(relative))
        {
            why = "only a plain relative path inside the workspace is accepted";
            return null;
        }

        var segments = relative.Split('/');
        if (segments.Any(s => s is "" or "." or ".."))
        {
            why = "a path may not contain '.', '..' or empty segments";
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(_root, relative));
        if (!full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            why = "the path leaves the workspace";
            return null;
        }

        // A symbolic link (to the file or any folder on the way) could point anywhere: refuse them all.
        var at = _root;
        foreach (var segment in segments)
        {
            at = Path.Combine(at, segment);
            var info = new FileInfo(at);
            if (info.Exists || Directory.Exists(at))
            {
                if (info.LinkTarget is not null || new DirectoryInfo(at).LinkTarget is not null)
                {
                    why = "the path goes through a symbolic link";
                    return null;
                }
            }
        }

        return full;
    }
}
