using System.Text;

namespace Dual.Models;

/// <summary>
/// The data sets bundled with Dual.Models as embedded resources: the names data set, tiny Shakespeare and
/// microgpt's golden trace. They travel inside <c>Dual.Models.dll</c>, so every install (a NuGet reference,
/// the <c>dual</c> tool, an F# script) has them and nothing is looked for on disk. A user's own file is
/// always passed as an explicit path.
/// </summary>
public static class DataFiles
{
    /// <summary>The file name of the names data set (one name per line).</summary>
    public const string Names = "names.txt";

    /// <summary>The file name of the tiny Shakespeare text.</summary>
    public const string Shakespeare = "tinyshakespeare.txt";

    /// <summary>The folder of microgpt's golden trace: <c>init.txt</c>, <c>docs.txt</c>, <c>losses.txt</c>.</summary>
    public const string MicroGptGolden = "golden/microgpt-seed42";

    private const string ResourcePrefix = "Dual.Models.data/";

    /// <summary>
    /// The bundled files by their names under the repository's <c>data/</c> folder
    /// (<c>names.txt</c>, <c>tinyshakespeare.txt</c>, <c>golden/microgpt-seed42/init.txt</c>, …), in ordinal order.
    /// </summary>
    public static IReadOnlyList<string> Bundled { get; } =
        [.. typeof(DataFiles).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..])
            .Order(StringComparer.Ordinal)];

    /// <summary>Opens the bundled file <paramref name="name"/> (one of <see cref="Bundled"/>) for reading.</summary>
    /// <exception cref="FileNotFoundException">No bundled file has that name (the message lists those that do).</exception>
    public static Stream OpenBundled(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return typeof(DataFiles).Assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new FileNotFoundException($"'{name}' is not a data file bundled with Dual.Models; bundled: {string.Join(", ", Bundled)}.", name);
    }

    /// <summary>The text of the bundled file <paramref name="name"/> (UTF-8).</summary>
    /// <exception cref="FileNotFoundException">No bundled file has that name.</exception>
    public static string ReadBundledText(string name)
    {
        using var reader = new StreamReader(OpenBundled(name), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>The lines of the bundled file <paramref name="name"/> (UTF-8, without line terminators).</summary>
    /// <exception cref="FileNotFoundException">No bundled file has that name.</exception>
    public static string[] ReadBundledLines(string name)
    {
        using var reader = new StreamReader(OpenBundled(name), Encoding.UTF8);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line) lines.Add(line);
        return [.. lines];
    }

    /// <summary>The full path of the user's file <paramref name="path"/>, which must exist.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist (the message names it).</exception>
    public static string RequireFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        return File.Exists(full) ? full : throw new FileNotFoundException($"The data file '{full}' does not exist.", full);
    }

    /// <summary>The full path of the user's folder <paramref name="path"/>, which must exist.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist (the message names it).</exception>
    public static string RequireFolder(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        return Directory.Exists(full) ? full : throw new DirectoryNotFoundException($"The data folder '{full}' does not exist.");
    }
}
