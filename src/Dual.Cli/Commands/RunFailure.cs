namespace Dual.Cli.Commands;

/// <summary>
/// A run that cannot go on, with the one line to print and the exit code: 1 for data or training that failed (a corpus
/// that cannot be used, a diverging run), 2 for options that cannot work together once the checkpoint is known.
/// </summary>
internal sealed class RunFailure : Exception
{
    /// <summary>Creates the failure.</summary>
    public RunFailure(string message, int exitCode = 1) : base(message) => ExitCode = exitCode;

    /// <summary>Creates the failure (exit 1).</summary>
    public RunFailure() : this("The run failed.") { }

    /// <summary>Creates the failure (exit 1) with its cause.</summary>
    public RunFailure(string message, Exception inner) : base(message, inner) => ExitCode = 1;

    /// <summary>The process's exit code.</summary>
    public int ExitCode { get; }
}
