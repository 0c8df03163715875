using System.CommandLine;
using Dual.Track;

namespace Dual.Cli.Commands;

/// <summary>
/// <c>dual track list|init|check</c>: the learner's track. <c>init</c> makes a workspace with one starter per project,
/// <c>check</c> builds it and grades it in a separate process, <c>list</c> shows the progress. Contract lines:
/// <c>NN id title status</c> per project and <c>track: projects=N passed=P</c> (list);
/// <c>track: projects=N passed=P failed=F todo=T</c> (check). A folder that is not a workspace: exit 2.
/// </summary>
internal static class TrackCommand
{
    /// <summary>Builds the command; output goes to <paramref name="stdout"/>, errors to <paramref name="stderr"/>.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("track", "Code backprop yourself, from one neuron up, graded by Dual's own checks.");
        command.Subcommands.Add(CreateList(stdout, stderr));
        command.Subcommands.Add(CreateInit(stdout, stderr));
        command.Subcommands.Add(CreateCheck(stdout, stderr));
        command.Subcommands.Add(TrackServeCommand.Create(stdout, stderr));
        return command;
    }

    private static Option<string> DirOption() =>
        new("--dir") { Description = "The workspace folder (default: the current folder).", DefaultValueFactory = _ => "." };

    private static Command CreateList(TextWriter stdout, TextWriter stderr)
    {
        var dir = DirOption();
        var command = new Command("list", "List the projects and what you have passed.");
        command.Options.Add(dir);
        command.SetAction(parseResult => List(stdout, stderr, parseResult.GetValue(dir)!));
        return command;
    }

    private static Command CreateInit(TextWriter stdout, TextWriter stderr)
    {
        var dir = new Argument<string>("DIR") { Description = "A new or empty folder for the workspace." };
        var lang = new Option<string>("--lang") { Description = "The starters' language (C# or F#).", DefaultValueFactory = _ => "csharp" };
        lang.AcceptOnlyFromAmong([.. WorkspaceInit.Languages]);
        var withSolutions = new Option<bool>("--with-solutions") { Description = "Fill in the reference solutions instead of TODOs (for instructors and tests)." };
        var command = new Command("init", "Create a workspace: an ordinary .NET project with one starter per project.");
        command.Arguments.Add(dir);
        command.Options.Add(lang);
        command.Options.Add(withSolutions);
        command.SetAction(parseResult => Init(stdout, stderr, parseResult.GetValue(dir)!, parseResult.GetValue(lang)!, parseResult.GetValue(withSolutions)));
        return command;
    }

    private static Command CreateCheck(TextWriter stdout, TextWriter stderr)
    {
        var id = new Argument<string?>("ID") { Description = "One project (id or number); all when omitted.", Arity = ArgumentArity.ZeroOrOne };
        var dir = DirOption();
        var json = new Option<bool>("--json") { Description = "Print the report as JSON (the summary line stays last)." };
        var timeout = new Option<int?>("--timeout") { Description = $"Seconds one project's grader may run before it is stopped (default: the project's own limit, {TrackProject.DefaultTimeLimit.TotalSeconds:0} s, or {TrackCatalog.TrainingTimeLimit.TotalSeconds:0} s for projects that train)." };
        timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1 or > 3600)
            {
                result.AddError("--timeout must be between 1 and 3600 seconds");
            }
        });
        var command = new Command("check", "Build the workspace and grade your code (in a separate process, with a time limit).");
        command.Arguments.Add(id);
        command.Options.Add(dir);
        command.Options.Add(json);
        command.Options.Add(timeout);
        command.SetAction(parseResult => Check(
            stdout,
            stderr,
            parseResult.GetValue(id),
            parseResult.GetValue(dir)!,
            parseResult.GetValue(json),
            new CheckOptions { Timeout = parseResult.GetValue(timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null }));
        return command;
    }

    /// <summary>Prints one line per project and the summary; exit 2 when <paramref name="dir"/> is not a workspace.</summary>
    public static int List(TextWriter stdout, TextWriter stderr, string dir)
    {
        if (!TryOpen(stderr, dir, out var workspace))
        {
            return App.UsageError;
        }

        var progress = workspace.ReadProgress();
        var passed = 0;
        foreach (var project in workspace.Projects)
        {
            var status = progress.TryGetValue(project.Id, out var p) ? p.Status : ProjectStatus.New;
            passed += status == ProjectStatus.Passed ? 1 : 0;
            stdout.WriteLine($"{project.Number:00} {project.Id} {project.Title} {ReportText.Word(status)}");
        }

        stdout.WriteLine($"track: projects={workspace.Projects.Count} passed={passed}");
        return 0;
    }

    /// <summary>Creates the workspace; exit 2 when the folder is in use or the language is not available.</summary>
    public static int Init(TextWriter stdout, TextWriter stderr, string dir, string lang, bool withSolutions)
    {
        TrackWorkspace workspace;
        try
        {
            workspace = WorkspaceInit.Create(dir, lang, withSolutions);
        }
        catch (WorkspaceException e)
        {
            stderr.WriteLine($"dual track init: {e.Message}");
            return App.UsageError;
        }

        stdout.WriteLine($"created {workspace.Directory} ({workspace.Projects.Count} projects, {(withSolutions ? "reference solutions" : "starters")}, {lang})");
        foreach (var project in workspace.Projects)
        {
            stdout.WriteLine($"  {workspace.StarterFile(project)}");
        }

        stdout.WriteLine($"next: read {workspace.Projects[0].Folder}/README.md, fill in the TODOs, then run `dual track check --dir {dir}`");
        return 0;
    }

    /// <summary>Builds and grades; prints each check (or JSON) and the summary line. Exit 0 only when every checked project passed.</summary>
    public static int Check(TextWriter stdout, TextWriter stderr, string? id, string dir, bool json, CheckOptions options)
    {
        if (!TryOpen(stderr, dir, out var workspace))
        {
            return App.UsageError;
        }

        IReadOnlyList<TrackProject> projects = workspace.Projects;
        if (id is not null)
        {
            var project = workspace.Projects.FirstOrDefault(p => ReferenceEquals(p, TrackCatalog.Find(id)));
            if (project is null)
            {
                stderr.WriteLine($"dual track check: no project '{id}' in this workspace; `dual track list` shows them");
                return App.UsageError;
            }

            projects = [project];
        }

        var report = TrackChecker.Check(workspace, projects, options);
        if (json)
        {
            stdout.WriteLine(report.ToJson());
            stdout.WriteLine(report.SummaryLine);
        }
        else
        {
            ReportText.Write(report, stdout);
        }

        return report.AllPassed ? 0 : 1;
    }

    private static bool TryOpen(TextWriter stderr, string dir, out TrackWorkspace workspace)
    {
        try
        {
            workspace = TrackWorkspace.Open(dir);
            return true;
        }
        catch (WorkspaceException e)
        {
            stderr.WriteLine($"dual track: {e.Message}");
            workspace = null!;
            return false;
        }
    }
}
