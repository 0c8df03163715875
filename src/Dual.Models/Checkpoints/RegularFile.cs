namespace Dual.Models;

/// <summary>Checks on files Dual reads: a checkpoint or a corpus must be a regular file (reading a FIFO or a device could block or never end).</summary>
public static class RegularFile
{
    /// <summary>Throws <paramref name="error"/>'s exception unless <paramref name="path"/> is a regular file (or a symbolic link to one).</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">What it is, for the message (<c>checkpoint</c>, <c>data file</c>).</param>
    /// <param name="error">Makes the exception from the message.</param>
    public static void RequireReadable(string path, string what, Func<string, Exception> error)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(what);
        ArgumentNullException.ThrowIfNull(error);
        var full = path.Length == 0 ? path : Path.GetFullPath(path);
        var kind = path.Length == 0 ? FileKind.Missing : AtomicFile.KindOf(full);
        if (kind == FileKind.SymbolicLink)
        {
            try
            {
                var final = File.ResolveLinkTarget(full, returnFinalTarget: true);
                kind = final is null ? FileKind.Missing : AtomicFile.KindOf(final.FullName);
            }
            catch (IOException)
            {
                kind = FileKind.Missing; // a loop of links
            }
        }

        var problem = kind switch
        {
            FileKind.Regular => null,
            FileKind.Missing => "does not exist",
            FileKind.Directory => "is a directory",
            _ => $"is not a regular file ({kind})",
        };
        if (problem is not null) throw error($"{char.ToUpperInvariant(what[0])}{what[1..]} '{path}' {problem}.");
    }
}
