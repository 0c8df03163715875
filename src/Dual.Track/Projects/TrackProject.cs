namespace Dual.Track;

/// <summary>
/// One project of the track: its place, its chapter, the starter file the learner fills in, the interface that file's
/// class implements, and its grader.
/// </summary>
public sealed class TrackProject
{
    private readonly Func<object, IEnumerable<CheckResult>> _checks;

    /// <summary>The time limit of a project whose checks only compute gradients.</summary>
    public static readonly TimeSpan DefaultTimeLimit = TimeSpan.FromSeconds(30);

    internal TrackProject(int number, string id, string title, string folder, string starterFile, Type solutionInterface, Func<object, IEnumerable<CheckResult>> checks, TimeSpan? timeLimit = null)
    {
        TimeLimit = timeLimit ?? DefaultTimeLimit;
        Number = number;
        Id = id;
        Title = title;
        Folder = folder;
        StarterFile = starterFile;
        SolutionInterface = solutionInterface;
        _checks = checks;
    }

    /// <summary>The project's number in the track (1 = one neuron).</summary>
    public int Number { get; }

    /// <summary>The id used on the command line, e.g. <c>neuron</c>.</summary>
    public string Id { get; }

    /// <summary>A short title, e.g. <c>One neuron</c>.</summary>
    public string Title { get; }

    /// <summary>The project's folder in the workspace and its chapter's name in <c>docs/track</c>, e.g. <c>01-neuron</c>.</summary>
    public string Folder { get; }

    /// <summary>
    /// The C# starter, relative to the workspace, e.g. <c>01-neuron/Neuron.cs</c>; a workspace's own starter is
    /// <see cref="TrackWorkspace.StarterFile"/> (<see cref="StarterFileIn"/> its language).
    /// </summary>
    public string StarterFile { get; }

    /// <summary>The starter in <paramref name="language"/>, relative to the workspace, e.g. <c>01-neuron/Neuron.fs</c> in F#.</summary>
    public string StarterFileIn(TrackLanguage language)
    {
        ArgumentNullException.ThrowIfNull(language);
        return Path.ChangeExtension(StarterFile, language.Extension);
    }

    /// <summary>The chapter's file name in <c>docs/track</c>, e.g. <c>01-neuron.md</c>.</summary>
    public string Chapter => Folder + ".md";

    /// <summary>
    /// How long this project's grader process may run before <c>dual track check</c> stops it: generous enough for a
    /// correct solution on a loaded machine (projects that train get longer), short enough that an endless loop ends.
    /// </summary>
    public TimeSpan TimeLimit { get; }

    /// <summary>The interface the learner's class implements (e.g. <see cref="INeuron"/>).</summary>
    public Type SolutionInterface { get; }

    /// <summary>
    /// Runs the grader on <paramref name="solution"/> (an instance of <see cref="SolutionInterface"/>), one check at a
    /// time, lazily: a caller can report each check as it finishes. This runs the learner's code in the calling
    /// process; <c>dual track check</c> calls it only inside the grader's child process.
    /// </summary>
    public IEnumerable<CheckResult> Check(object solution)
    {
        ArgumentNullException.ThrowIfNull(solution);
        if (!SolutionInterface.IsInstanceOfType(solution))
        {
            throw new ArgumentException($"project {Id} grades an {SolutionInterface.Name}; got a {solution.GetType().Name}", nameof(solution));
        }

        return _checks(solution);
    }

    /// <summary>Runs every check on <paramref name="solution"/> and returns the project's result.</summary>
    public ProjectResult Grade(object solution) => new(Number, Id, [.. Check(solution)]);

    /// <inheritdoc />
    public override string ToString() => $"{Number:00} {Id} {Title}";
}
