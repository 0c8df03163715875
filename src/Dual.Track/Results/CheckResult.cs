namespace Dual.Track;

/// <summary>
/// One check of a project: its verdict and, when it failed, the smallest failing case FsCheck found, where the
/// learner's answer is off (a chain-rule factor or a tensor element), what Dual expected and what the learner's code
/// gave, and a hint.
/// </summary>
/// <param name="Name">What is checked, e.g. <c>da_dz</c> or <c>dW</c>.</param>
/// <param name="Status">The verdict.</param>
/// <param name="Message">One line for people: what went wrong (or "ok").</param>
public sealed record CheckResult(string Name, CheckStatus Status, string Message)
{
    /// <summary>The shrunk failing input, as text (e.g. <c>w=0, b=0, x=1, y=0</c>).</summary>
    public string? Input { get; init; }

    /// <summary>Which factor or element is off (e.g. <c>da_dz</c>, <c>dW[1,0]</c>).</summary>
    public string? Where { get; init; }

    /// <summary>The value Dual computes (reverse mode, confirmed by finite differences).</summary>
    public string? Expected { get; init; }

    /// <summary>The value the learner's code returned.</summary>
    public string? Got { get; init; }

    /// <summary>What the mistake probably is, and the formula to look at.</summary>
    public string? Hint { get; init; }

    /// <summary>The numbers behind a picture of this check (a loss curve, gradient norms, attention weights), or null.</summary>
    public TrackFigure? Figure { get; init; }

    /// <summary>A passed check.</summary>
    public static CheckResult Pass(string name, string message) => new(name, CheckStatus.Passed, message);

    /// <summary>A check whose function is still a TODO.</summary>
    public static CheckResult NotWritten(string name, string what) => new(name, CheckStatus.Todo, $"{what} is not written yet");
}
