namespace Dual.Models;

/// <summary>A checkpoint file is not valid safetensors, or does not fit the model it is loaded into. The message names the problem.</summary>
public sealed class CheckpointException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CheckpointException() { }

    /// <summary>Creates the exception with a message.</summary>
    public CheckpointException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public CheckpointException(string message, Exception inner) : base(message, inner) { }
}
