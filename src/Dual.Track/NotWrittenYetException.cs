namespace Dual.Track;

/// <summary>
/// Thrown by a starter's <c>TODO</c>: the learner has not written this function yet. The grader reports the check
/// as <c>todo</c> rather than failed.
/// </summary>
public sealed class NotWrittenYetException : Exception
{
    /// <summary>A "not written yet" for the function named <paramref name="what"/>.</summary>
    public NotWrittenYetException(string what)
        : base($"{what} is not written yet: replace the TODO with your code.")
    {
        What = what;
    }

    /// <summary>A "not written yet" with a generic message.</summary>
    public NotWrittenYetException()
        : this("this function")
    {
    }

    /// <summary>A "not written yet" with a message and the exception that caused it.</summary>
    public NotWrittenYetException(string message, Exception innerException)
        : base(message, innerException)
    {
        What = message;
    }

    /// <summary>The function that is still a TODO.</summary>
    public string What { get; } = "this function";
}
