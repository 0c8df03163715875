namespace Dual;

/// <summary>Thrown by <see cref="PrimitiveCheck.Assert"/> and <see cref="PrimitiveCheckReport.ThrowIfFailed"/>; the message is the whole report.</summary>
public sealed class PrimitiveCheckException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PrimitiveCheckException() { }

    /// <summary>Creates the exception with a message.</summary>
    public PrimitiveCheckException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public PrimitiveCheckException(string message, Exception inner) : base(message, inner) { }

    internal PrimitiveCheckException(PrimitiveCheckReport report) : base(report.ToString(), report.Error) => Report = report;

    /// <summary>The failing report.</summary>
    public PrimitiveCheckReport? Report { get; }
}
