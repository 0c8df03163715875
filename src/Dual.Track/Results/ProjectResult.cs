namespace Dual.Track;

/// <summary>The checks of one project, in order, and what the learner's code printed while they ran.</summary>
/// <param name="Number">The project's number in the track (1 = one neuron).</param>
/// <param name="Id">The project's id, e.g. <c>neuron</c>.</param>
/// <param name="Checks">Every check, in the grader's order.</param>
public sealed record ProjectResult(int Number, string Id, IReadOnlyList<CheckResult> Checks)
{
    /// <summary>Text the learner's code wrote to the console during the checks (truncated), or null if none.</summary>
    public string? ConsoleOutput { get; init; }

    /// <summary>The project's verdict: failed if any check failed or errored, else todo if any is a TODO, else passed.</summary>
    public ProjectStatus Status =>
        Checks.Count == 0 || Checks.Any(c => c.Status is CheckStatus.Failed or CheckStatus.Error) ? ProjectStatus.Failed
        : Checks.Any(c => c.Status == CheckStatus.Todo) ? ProjectStatus.Todo
        : ProjectStatus.Passed;
}
