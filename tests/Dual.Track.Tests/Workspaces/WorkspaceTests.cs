namespace Dual.Track.Tests.Workspaces;

public class WorkspaceTests
{
    [Fact]
    public void A_folder_that_is_not_a_workspace_is_a_usage_error_with_a_clear_message()
    {
        using var temp = new TempFolder();
        foreach (var verb in new[] { "list", "check" })
        {
            var run = CliRun.Of("track", verb, "--dir", temp.Path);
            Assert.Equal(2, run.ExitCode);
            Assert.Contains("is not a track workspace (it has no dual-track.json)", run.Stderr, StringComparison.Ordinal);
        }

        var missing = CliRun.Of("track", "list", "--dir", Path.Combine(temp.Path, "nope"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("does not exist", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Init_writes_starters_with_todos_and_lists_every_project_as_new()
    {
        using var temp = new TempFolder();
        var dir = Path.Combine(temp.Path, "ws");
        var init = CliRun.Of("track", "init", dir);
        Assert.Equal(0, init.ExitCode);
        var starter = File.ReadAllText(Path.Combine(dir, "01-neuron", "Neuron.cs"));
        Assert.Contains("throw new NotWrittenYetException(\"DaDz\")", starter, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "01-neuron", "README.md")));
        Assert.True(File.Exists(Path.Combine(dir, ".dual", "lib", "Dual.Track.dll")));
        Assert.Contains("HintPath=\".dual/lib/Dual.Core.dll\"", File.ReadAllText(Path.Combine(dir, "Track.csproj")), StringComparison.Ordinal);

        var list = CliRun.Of("track", "list", "--dir", dir);
        Assert.Equal(0, list.ExitCode);
        Assert.Equal("01 neuron One neuron new", list.StdoutLines[0]);
        Assert.Equal($"track: projects={TrackCatalog.Projects.Count} passed=0", list.StdoutLines[^1]);
    }

    [Fact]
    public void Init_refuses_a_folder_that_is_not_empty_and_an_unavailable_language()
    {
        using var temp = new TempFolder();
        File.WriteAllText(Path.Combine(temp.Path, "mine.txt"), "keep me");
        var run = CliRun.Of("track", "init", temp.Path);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not empty", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(temp.Path, "mine.txt")));

        var fsharp = CliRun.Of("track", "init", Path.Combine(temp.Path, "fs"), "--lang", "fsharp");
        Assert.Equal(2, fsharp.ExitCode);
        Assert.Contains("F# starters are not available yet", fsharp.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_project_has_a_starter_a_solution_and_a_chapter()
    {
        foreach (var project in TrackCatalog.Projects)
        {
            Assert.Contains("NotWrittenYetException", WorkspaceInit.Source(project, solution: false), StringComparison.Ordinal);
            Assert.DoesNotContain("NotWrittenYetException", WorkspaceInit.Source(project, solution: true), StringComparison.Ordinal);
            Assert.NotNull(typeof(WorkspaceInit).Assembly.GetManifestResourceStream("chapters/" + project.Chapter));
        }
    }
}
