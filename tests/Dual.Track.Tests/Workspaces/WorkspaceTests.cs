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

        var cobol = CliRun.Of("track", "init", Path.Combine(temp.Path, "cobol"), "--lang", "cobol");
        Assert.Equal(2, cobol.ExitCode);
        Assert.Contains("'cobol'", cobol.Stderr, StringComparison.Ordinal);
        Assert.Contains("'csharp'", cobol.Stderr, StringComparison.Ordinal);
        Assert.Contains("'fsharp'", cobol.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "cobol")));

        // A caller of the library gets the same refusal, with the languages to choose from.
        var e = Assert.Throws<WorkspaceException>(() => WorkspaceInit.Create(Path.Combine(temp.Path, "cobol"), "cobol"));
        Assert.Equal("unknown language 'cobol'; use --lang csharp or --lang fsharp", e.Message);
    }

    [Fact]
    public void Init_in_FSharp_writes_FSharp_starters_in_track_order_and_records_the_language()
    {
        using var temp = new TempFolder();
        var dir = Path.Combine(temp.Path, "ws");
        var init = CliRun.Of("track", "init", dir, "--lang", "fsharp");
        Assert.Equal(0, init.ExitCode);
        Assert.Contains("  01-neuron/Neuron.fs", init.StdoutLines);

        var workspace = TrackWorkspace.Open(dir);
        Assert.Equal("fsharp", workspace.Manifest.Language);
        Assert.Same(TrackLanguage.FSharp, workspace.Language);
        Assert.Equal(Path.Combine(dir, "Track.fsproj"), workspace.ProjectFile);
        Assert.Equal("01-neuron/Neuron.fs", workspace.StarterFile(TrackCatalog.Find("neuron")!));
        Assert.False(File.Exists(Path.Combine(dir, "Track.csproj")));
        Assert.False(File.Exists(Path.Combine(dir, "Program.cs")));
        Assert.True(File.Exists(Path.Combine(dir, "Program.fs")));

        // F# sees only the files above: the project file lists every starter in track order, Program.fs last.
        var project = File.ReadAllText(workspace.ProjectFile);
        var order = workspace.Projects.Select(p => project.IndexOf($"<Compile Include=\"{workspace.StarterFile(p)}\" />", StringComparison.Ordinal))
            .Append(project.IndexOf("<Compile Include=\"Program.fs\" />", StringComparison.Ordinal))
            .ToList();
        Assert.DoesNotContain(-1, order);
        Assert.Equal(order.Order(), order);
        Assert.Contains("HintPath=\".dual/lib/FSharp.Core.dll\"", project, StringComparison.Ordinal);

        var starter = File.ReadAllText(Path.Combine(dir, "01-neuron", "Neuron.fs"));
        Assert.Contains("raise (NotWrittenYetException \"DaDz\")", starter, StringComparison.Ordinal);
        var chapter = File.ReadAllText(Path.Combine(dir, "01-neuron", "README.md"));
        Assert.Contains("`01-neuron/Neuron.fs`", chapter, StringComparison.Ordinal);
        Assert.DoesNotContain("Neuron.cs", chapter, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_project_has_a_starter_and_a_solution_in_CSharp_and_in_FSharp()
    {
        Assert.Equal(TrackCatalog.Projects, WorkspaceInit.ProjectsIn(TrackLanguage.CSharp));
        Assert.Equal(TrackCatalog.Projects.Select(p => p.Number), WorkspaceInit.ProjectsIn(TrackLanguage.FSharp).Select(p => p.Number));
    }

    [Fact]
    public void An_FSharp_workspace_lists_exactly_the_projects_it_has_starters_for()
    {
        using var temp = new TempFolder();
        var dir = Path.Combine(temp.Path, "ws");
        var workspace = WorkspaceInit.Create(dir, "fsharp");
        Assert.Equal(WorkspaceInit.ProjectsIn(TrackLanguage.FSharp), workspace.Projects);
        Assert.All(workspace.Projects, p => Assert.True(File.Exists(Path.Combine(dir, workspace.StarterFile(p)))));
        foreach (var missing in TrackCatalog.Projects.Except(workspace.Projects))
        {
            Assert.False(Directory.Exists(Path.Combine(dir, missing.Folder)), missing.Folder);
        }

        var list = CliRun.Of("track", "list", "--dir", dir);
        Assert.Equal(0, list.ExitCode);
        Assert.Equal($"track: projects={workspace.Projects.Count} passed=0", list.StdoutLines[^1]);
    }

    [Fact]
    public void Every_project_has_a_starter_a_solution_and_a_chapter_in_every_language_it_is_offered_in()
    {
        foreach (var project in TrackCatalog.Projects)
        {
            foreach (var language in TrackLanguage.All.Where(l => WorkspaceInit.ProjectsIn(l).Contains(project)))
            {
                var starter = WorkspaceInit.Source(project, solution: false, language);
                var solution = WorkspaceInit.Source(project, solution: true, language);
                Assert.Contains("NotWrittenYetException", starter, StringComparison.Ordinal);
                Assert.DoesNotContain("NotWrittenYetException", solution, StringComparison.Ordinal);

                // Both declare the class the grader looks for, implementing the project's interface.
                var implements = language.ImplementsClause(project.SolutionInterface.Name);
                Assert.Contains(implements, starter, StringComparison.Ordinal);
                Assert.Contains(implements, solution, StringComparison.Ordinal);
            }

            Assert.NotNull(typeof(WorkspaceInit).Assembly.GetManifestResourceStream("chapters/" + project.Chapter));
        }
    }
}
