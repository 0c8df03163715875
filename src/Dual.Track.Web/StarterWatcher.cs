using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Dual.Track.Web;

/// <summary>
/// Watches the starters: when the learner saves one in their own editor, its project is re-checked and the pages are told
/// (the save the page itself made is recognised by its content and not checked twice).
/// </summary>
internal sealed class StarterWatcher : IDisposable
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private readonly FileSystemWatcher _watcher;
    private readonly TrackBackend _backend;
    private readonly Action<TrackProject> _changed;
    private readonly ConcurrentDictionary<string, string> _written = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Timer> _timers = new(StringComparer.Ordinal);

    public StarterWatcher(TrackBackend backend, Action<TrackProject> changed)
    {
        _backend = backend;
        _changed = changed;
        _watcher = new FileSystemWatcher(backend.Root)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size,
        };
        _watcher.Changed += (_, e) => Touched(e.FullPath);
        _watcher.Created += (_, e) => Touched(e.FullPath);
        _watcher.Renamed += (_, e) => Touched(e.FullPath);
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>Records what the page wrote to <paramref name="fullPath"/>, so the watcher does not re-check the page's own save.</summary>
    public void WrittenByPage(string fullPath, byte[] content) => _written[fullPath] = Hash(content);

    public void Dispose()
    {
        _watcher.Dispose();
        foreach (var timer in _timers.Values)
        {
            timer.Dispose();
        }
    }

    private void Touched(string fullPath)
    {
        var relative = Path.GetRelativePath(_backend.Root, fullPath).Replace('\\', '/');
        var project = _backend.Projects.FirstOrDefault(p => _backend.StarterFile(p) == relative);
        if (project is null)
        {
            return;
        }

        // Editors write a file in several steps: act once it has been quiet for a moment.
        var timer = _timers.GetOrAdd(fullPath, _ => new Timer(_ => Settled(fullPath, project)));
        timer.Change(Quiet, Timeout.InfiniteTimeSpan);
    }

    private void Settled(string fullPath, TrackProject project)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(fullPath);
        }
        catch (IOException)
        {
            return;
        }

        var hash = Hash(content);
        if (_written.TryGetValue(fullPath, out var byPage) && byPage == hash)
        {
            return;
        }

        _written[fullPath] = hash;
        _changed(project);
    }

    private static string Hash(byte[] content) => Convert.ToHexString(SHA256.HashData(content));
}
