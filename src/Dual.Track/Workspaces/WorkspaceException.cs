namespace Dual.Track;

/// <summary>A folder is not a track workspace, or cannot become one: the message says why and what to do.</summary>
public sealed class WorkspaceException : Exception
{
    /// <summary>An exception with a message.</summary>
    public WorkspaceException(string message)
        : base(message)
    {
    }

    /// <summary>An exception with no message.</summary>
    public WorkspaceException()
    {
    }

    /// <summary>An exception with a message and its cause.</summary>
    public WorkspaceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
