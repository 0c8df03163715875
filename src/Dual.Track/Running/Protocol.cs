namespace Dual.Track.Running;

/// <summary>
/// The lines the grader process writes on its standard output for the checker: one per finished check, then the
/// learner's console output, then the end. Anything else on standard output is ignored.
/// </summary>
internal static class Protocol
{
    public const string CheckPrefix = "@dual-track check ";
    public const string OutputPrefix = "@dual-track output ";
    public const string End = "@dual-track end";

    /// <summary>The command-line verb the checker passes to the workspace's program.</summary>
    public const string GradeVerb = "--grade";
}
