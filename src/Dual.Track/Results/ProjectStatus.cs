namespace Dual.Track;

/// <summary>The verdict of one project, from its checks.</summary>
public enum ProjectStatus
{
    /// <summary>Not checked yet (no result in the progress file).</summary>
    New,

    /// <summary>Every check passed.</summary>
    Passed,

    /// <summary>At least one check failed or could not run.</summary>
    Failed,

    /// <summary>No check failed, but at least one function is still a TODO.</summary>
    Todo,
}
