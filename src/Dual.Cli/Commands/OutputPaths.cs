using System.CommandLine;
using System.CommandLine.Parsing;
using Dual.Models;

namespace Dual.Cli.Commands;

/// <summary>
/// Output files checked before any work starts, so a run is never thrown away at the end: each must be a path
/// <see cref="AtomicFile"/> can write (not empty, a regular file or nothing, in an existing folder, not a directory, FIFO,
/// device or socket; a symbolic link is judged by its target; a folder that accepts new files), and no two outputs, nor
/// an output and an input, may be the same file (<c>--out</c> may be <c>--resume</c>: continuing a checkpoint in place).
/// Errors are usage errors (exit 2).
/// </summary>
internal static class OutputPaths
{
    /// <summary>Adds an error to <paramref name="result"/> for each output that cannot be written or collides with another file given.</summary>
    public static void Check(CommandResult result, IReadOnlyList<(Option Option, string? Path)> outputs, IReadOnlyList<(Option Option, string? Path)> inputs)
    {
        var targets = new List<(Option Option, string Target)>();
        foreach (var (option, path) in outputs)
        {
            if (path is null) continue;
            try
            {
                targets.Add((option, AtomicFile.Target(path)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                result.AddError($"Option '{option.Name}': {e.Message}");
            }
        }

        for (var i = 0; i < targets.Count; i++)
        {
            for (var j = i + 1; j < targets.Count; j++)
            {
                if (targets[i].Target == targets[j].Target)
                    result.AddError($"Options '{targets[i].Option.Name}' and '{targets[j].Option.Name}' name the same file '{targets[i].Target}'; one would overwrite the other.");
            }

            foreach (var (option, path) in inputs)
            {
                if (path is null || (targets[i].Option.Name == "--out" && option.Name == "--resume")) continue;
                if (Resolve(path) == targets[i].Target)
                    result.AddError($"Option '{targets[i].Option.Name}' names the file '{option.Name}' reads ('{path}'); it would be overwritten.");
            }
        }
    }

    private static string Resolve(string path)
    {
        try
        {
            var full = Path.GetFullPath(path);
            return File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
        }
        catch (Exception e) when (e is IOException or ArgumentException)
        {
            return path;
        }
    }
}
