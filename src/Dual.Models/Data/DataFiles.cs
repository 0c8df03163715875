namespace Dual.Models;

/// <summary>
/// Finds the data files (<c>data/names.txt</c>, <c>data/tinyshakespeare.txt</c>) of the Dual
/// repository: the folder holding <c>Dual.sln</c>, found by walking up from the running program's
/// folder. An explicit path always wins.
/// </summary>
public static class DataFiles
{
    /// <summary>The file name of the names data set (one name per line).</summary>
    public const string Names = "names.txt";

    /// <summary>The file name of the tiny Shakespeare text.</summary>
    public const string Shakespeare = "tinyshakespeare.txt";

    /// <summary>The folder (under <c>data/</c>) of microgpt's golden trace: <c>init.txt</c>, <c>docs.txt</c>, <c>losses.txt</c>.</summary>
    public const string MicroGptGolden = "golden/microgpt-seed42";

    /// <summary>The file that marks the repository's root folder.</summary>
    public const string RootMarker = "Dual.sln";

    /// <summary>The nearest folder at or above <paramref name="start"/> (default: <see cref="AppContext.BaseDirectory"/>) that holds <c>Dual.sln</c>.</summary>
    /// <exception cref="DirectoryNotFoundException">No folder above holds it.</exception>
    public static string RepositoryRoot(string? start = null)
    {
        var from = Path.GetFullPath(start ?? AppContext.BaseDirectory);
        for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, RootMarker))) return dir.FullName;
        }
        throw new DirectoryNotFoundException(
            $"Could not find the Dual repository (a folder holding {RootMarker}) at or above '{from}'. Pass an explicit path to the data file instead.");
    }

    /// <summary>
    /// The full path of a data file: <paramref name="explicitPath"/> if given (it must exist),
    /// otherwise <c>data/<paramref name="fileName"/></c> under the repository root.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist (the message says where it was looked for).</exception>
    /// <exception cref="DirectoryNotFoundException">No explicit path was given and the repository root was not found.</exception>
    public static string Locate(string fileName, string? explicitPath = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        if (explicitPath is not null)
        {
            var full = Path.GetFullPath(explicitPath);
            return File.Exists(full) ? full : throw new FileNotFoundException($"The data file '{full}' does not exist.", full);
        }
        var path = Path.Combine(RepositoryRoot(), "data", fileName);
        return File.Exists(path) ? path
            : throw new FileNotFoundException($"The data file '{fileName}' is not in the repository's data folder ('{path}'). Put it there or pass an explicit path.", path);
    }

    /// <summary>
    /// The full path of a data folder: <paramref name="explicitPath"/> if given (it must exist),
    /// otherwise <c>data/<paramref name="folderName"/></c> under the repository root.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist, or no explicit path was given and the repository root was not found.</exception>
    public static string LocateFolder(string folderName, string? explicitPath = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folderName);
        if (explicitPath is not null)
        {
            var full = Path.GetFullPath(explicitPath);
            return Directory.Exists(full) ? full : throw new DirectoryNotFoundException($"The data folder '{full}' does not exist.");
        }
        var path = Path.GetFullPath(Path.Combine(RepositoryRoot(), "data", folderName));
        return Directory.Exists(path) ? path
            : throw new DirectoryNotFoundException($"The data folder '{folderName}' is not in the repository's data folder ('{path}'). Put it there or pass an explicit path.");
    }
}
