using Dual.Cli;

namespace Dual.Fuzz;

/// <summary>
/// The same inputs through the command line, in-process: <c>dual sample</c> and <c>dual train names|shakespeare --resume</c>
/// (one step, on small <c>--data</c> files whose characters are the seeds'). Allowed: exit 0, 1 or 2 with at most a few
/// lines on stderr and no stack trace, and no <c>Infinity</c> printed with exit 0.
/// </summary>
public sealed class CliTarget : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dual-fuzz-cli-").FullName;
    private readonly string _names;
    private readonly string _text;

    /// <summary>Creates the target and its data files in a temporary folder of its own.</summary>
    public CliTarget()
    {
        _names = Path.Combine(_folder, "names.txt");
        File.WriteAllLines(_names, ["abc", "bad", "cab", "dab", "ebb", "aced", "bead", "dace", "ace", "bee", "cede", "add"]);
        _text = Path.Combine(_folder, "text.txt");
        File.WriteAllText(_text, string.Concat(Enumerable.Repeat("ab ba\nbb aa \n", 40)));
    }

    /// <summary>Runs the input through the three commands; throws <see cref="InvalidOperationException"/> describing the first unacceptable result.</summary>
    public void Run(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var path = Path.Combine(_folder, "input.safetensors");
        File.WriteAllBytes(path, input);
        Check(["sample", "--checkpoint", path, "--count", "2", "--tokens", "4"]);
        Check(["train", "names", "--resume", path, "--steps", "1", "--data", _names, "--eval-every", "1"]);
        Check(["train", "shakespeare", "--resume", path, "--steps", "1", "--data", _text, "--eval-every", "1"]);
    }

    private static void Check(string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = App.Run(args, stdout, stderr);
        var error = stderr.ToString();
        var problem =
            code is not (0 or 1 or 2) ? $"exit code {code}"
            : error.Contains("   at ", StringComparison.Ordinal) ? "a stack trace"
            : error.Contains("unexpected error", StringComparison.Ordinal) ? "an unexpected error"
            : error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length > 1 && code != 2 ? "more than one line of error"
            : code == 0 && stdout.ToString().Contains("Infinity", StringComparison.Ordinal) ? "Infinity printed with exit 0"
            : null;
        if (problem is not null)
            throw new InvalidOperationException($"dual {string.Join(' ', args.Take(2))}: {problem}: {error.Split('\n')[0]}");
    }

    /// <inheritdoc/>
    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
