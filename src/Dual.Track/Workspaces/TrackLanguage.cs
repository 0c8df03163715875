using System.Reflection;

namespace Dual.Track;

/// <summary>
/// A language a learner's workspace is written in: its id on the command line (<c>--lang</c>) and in the manifest,
/// its starters' file extension and its project file. The graders are the same for every language: a starter's class
/// implements the project's interface (e.g. <see cref="INeuron"/>) whatever it is written in.
/// </summary>
public sealed class TrackLanguage
{
    private readonly string _implementsFormat;

    private TrackLanguage(string id, string name, string extension, string projectFile, string implementsFormat)
    {
        Id = id;
        Name = name;
        Extension = extension;
        ProjectFile = projectFile;
        _implementsFormat = implementsFormat;
    }

    /// <summary>C#: starters <c>NN-name/Name.cs</c>, project <c>Track.csproj</c>.</summary>
    public static TrackLanguage CSharp { get; } = new("csharp", "C#", ".cs", "Track.csproj", ": {0}");

    /// <summary>F#: starters <c>NN-name/Name.fs</c>, project <c>Track.fsproj</c> (which lists them in track order).</summary>
    public static TrackLanguage FSharp { get; } = new("fsharp", "F#", ".fs", "Track.fsproj", "interface {0} with");

    /// <summary>Every language a workspace can be made in.</summary>
    public static IReadOnlyList<TrackLanguage> All { get; } = [CSharp, FSharp];

    /// <summary>The id used by <c>--lang</c> and the manifest, e.g. <c>fsharp</c>.</summary>
    public string Id { get; }

    /// <summary>The name people use, e.g. <c>F#</c>.</summary>
    public string Name { get; }

    /// <summary>The starters' extension, with its dot, e.g. <c>.fs</c>.</summary>
    public string Extension { get; }

    /// <summary>The workspace's project file name, e.g. <c>Track.fsproj</c>.</summary>
    public string ProjectFile { get; }

    /// <summary>The language with this id, or null.</summary>
    public static TrackLanguage? Find(string id) => All.FirstOrDefault(l => string.Equals(l.Id, id, StringComparison.Ordinal));

    /// <summary>
    /// The language <paramref name="assembly"/> was compiled from: F# when the F# compiler marked it (every F# assembly
    /// carries <c>FSharpInterfaceDataVersionAttribute</c>), else C#. The grader process uses it to name the learner's file.
    /// </summary>
    public static TrackLanguage Of(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return assembly.GetCustomAttributesData().Any(a => a.AttributeType.FullName == "Microsoft.FSharp.Core.FSharpInterfaceDataVersionAttribute")
            ? FSharp
            : CSharp;
    }

    /// <summary>How a class declares that it implements <paramref name="interfaceName"/> here, e.g. <c>interface INeuron with</c>.</summary>
    public string ImplementsClause(string interfaceName) => string.Format(System.Globalization.CultureInfo.InvariantCulture, _implementsFormat, interfaceName);

    /// <inheritdoc />
    public override string ToString() => Id;
}
