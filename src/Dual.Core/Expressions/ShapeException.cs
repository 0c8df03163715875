namespace Dual;

/// <summary>An operation was given operands of shapes it cannot combine. The message names the op, the shapes and the nearest named variables.</summary>
public sealed class ShapeException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public ShapeException() { }

    /// <summary>Creates the exception with a message.</summary>
    public ShapeException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ShapeException(string message, Exception inner) : base(message, inner) { }
}
