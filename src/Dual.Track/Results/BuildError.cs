namespace Dual.Track;

/// <summary>A compiler error in the learner's workspace, with the file (relative to the workspace) and line.</summary>
/// <param name="File">The file, relative to the workspace, e.g. <c>01-neuron/Neuron.cs</c>.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Code">The compiler's code, e.g. <c>CS1002</c>.</param>
/// <param name="Message">The compiler's message.</param>
public sealed record BuildError(string File, int Line, int Column, string Code, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}({Line},{Column}): error {Code}: {Message}";
}
