namespace Dual;

/// <summary>In checked evaluation, the first primitive (or binding) that produced a NaN or infinity.</summary>
public sealed class NonFiniteException : ArithmeticException
{
    /// <summary>Creates the exception.</summary>
    public NonFiniteException() { }

    /// <summary>Creates the exception with a message.</summary>
    public NonFiniteException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public NonFiniteException(string message, Exception inner) : base(message, inner) { }
}
