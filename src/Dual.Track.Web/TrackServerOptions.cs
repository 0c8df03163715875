namespace Dual.Track.Web;

/// <summary>How <see cref="TrackServer"/> serves a workspace.</summary>
public sealed record TrackServerOptions
{
    /// <summary>The learner's workspace (made by <c>dual track init</c>).</summary>
    public required string WorkspaceDirectory { get; init; }

    /// <summary>The loopback port to listen on; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>The per-run secret every request must carry; null makes a fresh random one.</summary>
    public string? Token { get; init; }

    /// <summary>How the checker runs the learner's code (its time limit among others).</summary>
    public CheckOptions CheckOptions { get; init; } = new();

    /// <summary>Whether saving a starter in another editor re-checks its project (on by default).</summary>
    public bool WatchFiles { get; init; } = true;
}
