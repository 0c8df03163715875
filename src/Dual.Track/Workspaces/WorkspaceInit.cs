using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Dual.Track;

/// <summary>
/// Creates a learner's workspace (<c>dual track init</c>). The Dual libraries are copied into <c>.dual/lib</c> from
/// the folder the running Dual.Track assembly was loaded from and referenced by path, so one route works for a
/// repository clone (<c>dotnet run --project src/Dual.Cli</c>) and for the installed NuGet tool alike, and the workspace
/// then builds offline, on any machine with the .NET 10 SDK, against exactly the graders that made it.
/// </summary>
public static class WorkspaceInit
{
    /// <summary>The assemblies a workspace references, all found beside Dual.Track.dll.</summary>
    public static IReadOnlyList<string> Libraries { get; } =
        ["Dual.Core", "Dual.Models", "Dual.Track", "FsCheck", "FSharp.Core", "MathNet.Numerics", "System.Numerics.Tensors"];

    /// <summary>The ids of the languages a workspace can be made in (<see cref="TrackLanguage.All"/>).</summary>
    public static IReadOnlyList<string> Languages { get; } = [.. TrackLanguage.All.Select(l => l.Id)];

    /// <summary>
    /// Writes a new workspace into <paramref name="directory"/> (which must not exist or be empty) with the starters, or
    /// with the reference solutions when <paramref name="withSolutions"/>; returns it. Throws
    /// <see cref="WorkspaceException"/> when the folder is in use or the language is not available.
    /// </summary>
    public static TrackWorkspace Create(string directory, string language = "csharp", bool withSolutions = false, string? libraryDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(language);
        var lang = TrackLanguage.Find(language)
            ?? throw new WorkspaceException($"unknown language '{language}'; use {string.Join(" or ", Languages.Select(l => "--lang " + l))}");

        var projects = ProjectsIn(lang);
        var root = Path.GetFullPath(directory);
        if (File.Exists(root))
        {
            throw new WorkspaceException($"{directory} is a file; give a new or empty folder");
        }

        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
        {
            throw new WorkspaceException($"{directory} is not empty; `dual track init` writes only into a new or empty folder, so nothing of yours is overwritten");
        }

        var libraries = libraryDirectory ?? Path.GetDirectoryName(typeof(WorkspaceInit).Assembly.Location)
            ?? throw new WorkspaceException("cannot tell where the Dual libraries are");
        var missing = Libraries.Where(l => !File.Exists(Path.Combine(libraries, l + ".dll"))).ToList();
        if (missing.Count > 0)
        {
            throw new WorkspaceException($"cannot find {string.Join(", ", missing.Select(m => m + ".dll"))} in {libraries}; run init from the dual tool");
        }

        Directory.CreateDirectory(root);
        var lib = Path.Combine(root, ".dual", "lib");
        Directory.CreateDirectory(lib);
        foreach (var library in Libraries)
        {
            File.Copy(Path.Combine(libraries, library + ".dll"), Path.Combine(lib, library + ".dll"));
            var docs = Path.Combine(libraries, library + ".xml");
            if (File.Exists(docs))
            {
                // The XML docs give the learner's editor the interfaces' explanations.
                File.Copy(docs, Path.Combine(lib, library + ".xml"));
            }
        }

        var references = new StringBuilder();
        foreach (var library in Libraries)
        {
            references.Append("    <Reference Include=\"").Append(library).Append("\" HintPath=\".dual/lib/").Append(library).Append(".dll\" />\n");
        }

        // F# compiles files in the order the project lists them: the track's order, so a project can use the ones before it.
        var sources = new StringBuilder();
        foreach (var project in projects)
        {
            sources.Append("    <Compile Include=\"").Append(project.StarterFileIn(lang)).Append("\" />\n");
        }

        Write(root, lang.ProjectFile, Template($"{lang.Id}/{lang.ProjectFile}")
            .Replace("@@REFERENCES@@\n", references.ToString(), StringComparison.Ordinal)
            .Replace("@@SOURCES@@\n", sources.ToString(), StringComparison.Ordinal));
        Write(root, "Program" + lang.Extension, Template($"{lang.Id}/Program{lang.Extension}"));
        Write(root, "Directory.Build.props", Template($"{lang.Id}/Directory.Build.props"));
        Write(root, ".gitignore", Template($"{lang.Id}/gitignore"));
        Write(root, "README.md", Template($"{lang.Id}/README.md"));

        foreach (var project in projects)
        {
            Write(root, project.StarterFileIn(lang), Source(project, withSolutions, lang));
            var chapter = Resource("chapters/" + project.Chapter);
            if (chapter is not null)
            {
                Write(root, Path.Combine(project.Folder, "README.md"), InLanguage(chapter, lang));
            }

            var picture = Resource("chapters/" + project.Folder + ".svg");
            if (picture is not null)
            {
                Write(root, Path.Combine(project.Folder, project.Folder + ".svg"), picture);
            }
        }

        var manifest = new WorkspaceManifest(1, lang.Id, [.. projects.Select(p => p.Id)]);
        Write(root, WorkspaceManifest.FileName, JsonSerializer.Serialize(manifest, TrackJson.Indented) + "\n");
        return TrackWorkspace.Open(root);
    }

    /// <summary>
    /// The projects that have a starter in <paramref name="language"/>, in track order: every project in C#; in F# the
    /// ones written so far (a workspace lists its projects in its manifest, so the others are simply not in it).
    /// </summary>
    public static IReadOnlyList<TrackProject> ProjectsIn(TrackLanguage language)
    {
        ArgumentNullException.ThrowIfNull(language);
        return [.. TrackCatalog.Projects.Where(p =>
            Resource($"templates/{language.Id}/starters/{p.StarterFileIn(language)}") is not null
            && Resource($"templates/{language.Id}/solutions/{p.StarterFileIn(language)}") is not null)];
    }

    /// <summary>The reference solution or starter source of a project in <paramref name="language"/> (C# when null), as <c>init</c> writes it.</summary>
    public static string Source(TrackProject project, bool solution, TrackLanguage? language = null)
    {
        ArgumentNullException.ThrowIfNull(project);
        language ??= TrackLanguage.CSharp;
        return Template($"{language.Id}/{(solution ? "solutions" : "starters")}/{project.StarterFileIn(language)}");
    }

    /// <summary>A chapter as the learner reads it: the chapters name the C# starters, here the files the learner has.</summary>
    private static string InLanguage(string chapter, TrackLanguage language) =>
        TrackCatalog.Projects.Aggregate(chapter, (text, p) => text.Replace(p.StarterFile, p.StarterFileIn(language), StringComparison.Ordinal));

    private static void Write(string root, string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static string Template(string name) =>
        Resource("templates/" + name) ?? throw new InvalidOperationException($"template {name} is missing from Dual.Track");

    private static string? Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
