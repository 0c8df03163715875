namespace Dual.Track;

/// <summary>The verdict of one check.</summary>
public enum CheckStatus
{
    /// <summary>The learner's code agrees with Dual on every generated case.</summary>
    Passed,

    /// <summary>A case disagrees (or the code threw, returned NaN or the wrong shape); the result says where.</summary>
    Failed,

    /// <summary>The function still throws <see cref="NotWrittenYetException"/>.</summary>
    Todo,

    /// <summary>The check could not run to the end: the code hung, overflowed the stack, ran out of memory, or did not build.</summary>
    Error,
}
