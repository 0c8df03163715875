namespace Dual;

/// <summary>Thrown by <see cref="GradCheck.Assert"/> when a check fails; the message is the whole report.</summary>
public sealed class GradCheckException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GradCheckException() { }

    /// <summary>Creates the exception with a message.</summary>
    public GradCheckException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public GradCheckException(string message, Exception inner) : base(message, inner) { }

    internal GradCheckException(GradCheckReport report) : base("Gradient check failed:\n" + report) => Report = report;

    /// <summary>The failing report.</summary>
    public GradCheckReport? Report { get; }
}
