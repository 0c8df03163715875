namespace Dual.Track.Grading;

/// <summary>How one case went wrong: where, what Dual expected, what the learner's code gave, and a hint.</summary>
internal sealed record Mismatch(string Message)
{
    public string? Where { get; init; }

    public string? Expected { get; init; }

    public string? Got { get; init; }

    public string? Hint { get; init; }

    /// <summary>The learner's code threw: the exception's type and message, and the first line of the learner's own code in its stack.</summary>
    public static Mismatch Threw(Exception exception, string function, string? hint = null)
    {
        var at = LearnerFrame(exception);
        return new Mismatch($"{function} threw {exception.GetType().Name}: {exception.Message}{(at is null ? "" : " (" + at + ")")}")
        {
            Where = function,
            Hint = hint,
        };
    }

    /// <summary>The first stack frame outside Dual's own assemblies and the runtime, as "Type.Method in File:line N" when there is a file.</summary>
    private static string? LearnerFrame(Exception exception)
    {
        var ours = typeof(Mismatch).Assembly;
        foreach (var frame in new System.Diagnostics.StackTrace(exception, fNeedFileInfo: true).GetFrames())
        {
            var type = frame.GetMethod()?.DeclaringType;
            if (type is null || type.Assembly == ours || type.Assembly == typeof(Expr).Assembly || type.Assembly == typeof(object).Assembly)
            {
                continue;
            }

            var file = frame.GetFileName();
            var where = $"at {type.Name}.{frame.GetMethod()!.Name}";
            return file is null ? where : $"{where} in {Path.GetFileName(file)}:line {frame.GetFileLineNumber()}";
        }

        return null;
    }
}
