namespace Dual.Testing;

/// <summary>
/// Files of the repository checkout the tests run in (docs, the data folder): the folder holding <c>Dual.sln</c>,
/// found by walking up from the test assembly. Tests only: the libraries and the tool never look for the repository.
/// </summary>
internal static class RepositoryFiles
{
    /// <summary>The nearest folder at or above the test assembly's that holds <c>Dual.sln</c>.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The full path of <paramref name="relative"/> (with <c>/</c> separators) under the repository root.</summary>
    public static string PathOf(string relative) => Path.Combine([Root, .. relative.Split('/')]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dual.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException($"The tests run outside a Dual checkout: no folder at or above '{AppContext.BaseDirectory}' holds Dual.sln.");
    }
}
