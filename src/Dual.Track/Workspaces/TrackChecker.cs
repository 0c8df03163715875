using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dual.Track.Running;

namespace Dual.Track;

/// <summary>
/// <c>dual track check</c>: builds the workspace with <c>dotnet build</c>, then runs each project's grader in a child
/// process (the workspace's own program, which hands control to <see cref="GraderHost"/>) with a time limit and a
/// memory limit, and reads the JSON lines it writes. Nothing the learner's code does (hang, overflow the stack,
/// allocate without end, print, throw) can take the checker down, and the workspace's files are never changed (only
/// <c>bin/</c>, <c>obj/</c>, the progress file and the build stamp in <c>.dual/</c> are written).
/// </summary>
public static partial class TrackChecker
{
    /// <summary>Builds <paramref name="workspace"/> and grades <paramref name="projects"/> (all of the workspace's when null); saves the progress.</summary>
    public static TrackReport Check(TrackWorkspace workspace, IReadOnlyList<TrackProject>? projects = null, CheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        options ??= new CheckOptions();
        projects ??= workspace.Projects;
        var dotnet = options.Dotnet ?? FindDotnet();

        var build = Build(workspace, dotnet, options);
        TrackReport report;
        if (build is not null)
        {
            report = new TrackReport(
                [.. projects.Select(p => new ProjectResult(p.Number, p.Id, [new CheckResult("build", CheckStatus.Error, "the workspace did not build; fix the compiler errors above")]))],
                build);
        }
        else
        {
            report = new TrackReport([.. projects.Select(p => Grade(workspace, p, dotnet, options))], []);
        }

        workspace.SaveProgress(report);
        return report;
    }

    /// <summary>The compiler errors, or null when the build succeeded.</summary>
    private static List<BuildError>? Build(TrackWorkspace workspace, string dotnet, CheckOptions options)
    {
        // `dotnet build` of an up-to-date project still costs seconds of MSBuild start-up; when no input changed since
        // the last successful build (same files, sizes and times), the built program is used as it is.
        var stampFile = Path.Combine(workspace.Directory, ".dual", "build-stamp.txt");
        var stamp = InputsStamp(workspace);
        if (File.Exists(ProgramPath(workspace)) && File.Exists(stampFile) && File.ReadAllText(stampFile) == stamp)
        {
            return null;
        }

        // Release: the training checks of project 4 run the learner's loops thousands of times (2-3x faster than Debug);
        // line numbers in exceptions still come from the portable PDB.
        var arguments = new List<string> { "build", workspace.ProjectFile, "-c", "Release", "-nologo", "-v:q", "-clp:NoSummary", "-p:GenerateFullPaths=true" };
        if (!options.ReuseBuildNodes)
        {
            arguments.Add("-nodeReuse:false");
            arguments.Add("-p:UseSharedCompilation=false");
        }

        File.Delete(stampFile);
        var run = ChildProcess.Run(dotnet, arguments, workspace.Directory, options.BuildTimeout, QuietDotnet());
        if (run.ExitCode == 0)
        {
            File.WriteAllText(stampFile, stamp);
            return null;
        }

        var errors = run.Stdout.Concat(run.Stderr.Split('\n'))
            .Select(line => CompilerError().Match(line.Trim()))
            .Where(m => m.Success)
            .Select(m => new BuildError(
                Relative(workspace.Directory, m.Groups["file"].Value),
                int.Parse(m.Groups["line"].Value, CultureInfo.InvariantCulture),
                int.Parse(m.Groups["col"].Value, CultureInfo.InvariantCulture),
                m.Groups["code"].Value,
                LineBreaks().Replace(m.Groups["message"].Value, " ").Trim()))
            .Distinct()
            .ToList();
        if (errors.Count == 0)
        {
            var why = run.TimedOut ? $"the build took longer than {options.BuildTimeout.TotalSeconds:0} s" : "dotnet build failed";
            var detail = string.Join(" ", run.Stdout.Concat(run.Stderr.Split('\n')).Where(l => l.Trim().Length > 0).Take(5));
            errors.Add(new BuildError(Path.GetFileName(workspace.ProjectFile), 1, 1, "BUILD", $"{why}: {detail}"));
        }

        return errors;
    }

    private static string ProgramPath(TrackWorkspace workspace) => Path.Combine(workspace.Directory, "bin", "Release", "net10.0", "Track.dll");

    /// <summary>Every build input (sources, project files, the libraries in .dual/lib) with its size and time, one per line.</summary>
    private static string InputsStamp(TrackWorkspace workspace)
    {
        string[] extensions = [".cs", ".fs", ".csproj", ".fsproj", ".props", ".targets", ".dll", ".json"];
        var separator = Path.DirectorySeparatorChar;
        var lines = System.IO.Directory.EnumerateFiles(workspace.Directory, "*", SearchOption.AllDirectories)
            .Select(f => (Full: f, Relative: Path.GetRelativePath(workspace.Directory, f)))
            .Where(f => extensions.Contains(Path.GetExtension(f.Full), StringComparer.OrdinalIgnoreCase)
                && !f.Relative.StartsWith("bin" + separator, StringComparison.Ordinal)
                && !f.Relative.StartsWith("obj" + separator, StringComparison.Ordinal)
                && !f.Relative.StartsWith(".dual" + separator + "progress", StringComparison.Ordinal))
            .Select(f =>
            {
                var info = new FileInfo(f.Full);
                return $"{f.Relative}\t{info.Length}\t{info.LastWriteTimeUtc.Ticks}";
            })
            .Order(StringComparer.Ordinal);
        return string.Join("\n", lines);
    }

    private static ProjectResult Grade(TrackWorkspace workspace, TrackProject project, string dotnet, CheckOptions options)
    {
        var program = ProgramPath(workspace);
        var environment = new Dictionary<string, string?>(QuietDotnet())
        {
            ["DOTNET_GCHeapHardLimit"] = "0x" + options.MemoryLimitBytes.ToString("X", CultureInfo.InvariantCulture),
        };
        var run = ChildProcess.Run(dotnet, [program, Protocol.GradeVerb, project.Id], workspace.Directory, options.TimeLimitFor(project), environment);

        var checks = new List<CheckResult>();
        string? output = null;
        var ended = false;
        foreach (var line in run.Stdout)
        {
            if (line.StartsWith(Protocol.CheckPrefix, StringComparison.Ordinal))
            {
                var check = TryRead<CheckResult>(line[Protocol.CheckPrefix.Length..]);
                if (check is not null)
                {
                    checks.Add(check);
                }
            }
            else if (line.StartsWith(Protocol.OutputPrefix, StringComparison.Ordinal))
            {
                output = TryRead<string>(line[Protocol.OutputPrefix.Length..]);
            }
            else if (line == Protocol.End)
            {
                ended = true;
            }
        }

        if (!ended)
        {
            checks.Add(new CheckResult("grader process", CheckStatus.Error, WhyItStopped(run, options.TimeLimitFor(project))) { Hint = HintFor(run) });
        }

        return new ProjectResult(project.Number, project.Id, checks) { ConsoleOutput = output };
    }

    private static string WhyItStopped(ChildProcess run, TimeSpan timeLimit)
    {
        if (run.TimedOut)
        {
            return $"your code did not finish within {timeLimit.TotalSeconds:0} s and was stopped (an endless loop?); the checks after the last one shown did not run";
        }

        if (run.Stderr.Contains("Stack overflow", StringComparison.OrdinalIgnoreCase))
        {
            return "your code overflowed the stack (a function that calls itself without end?) and the grader process ended";
        }

        if (run.Stderr.Contains("OutOfMemory", StringComparison.Ordinal) || run.Stderr.Contains("out of memory", StringComparison.OrdinalIgnoreCase))
        {
            return "your code ran out of memory (it allocates without end?) and the grader process ended";
        }

        var firstLine = run.Stderr.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
        return $"the grader process ended with exit code {run.ExitCode} before finishing{(firstLine is null ? "" : ": " + firstLine)}";
    }

    private static string? HintFor(ChildProcess run) =>
        run.TimedOut ? "look for a loop whose condition never becomes false, or a recursion without a base case" : null;

    private static T? TryRead<T>(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, TrackJson.Compact);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static string Relative(string root, string file)
    {
        var relative = Path.GetRelativePath(root, file);
        return relative.Replace('\\', '/');
    }

    private static Dictionary<string, string?> QuietDotnet() => new()
    {
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
    };

    private static string FindDotnet()
    {
        var host = Environment.ProcessPath;
        if (host is not null && Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            return host;
        }

        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (root is not null && File.Exists(Path.Combine(root, "dotnet")))
        {
            return Path.Combine(root, "dotnet");
        }

        return "dotnet";
    }

    /// <summary>
    /// The line breaks inside one compiler message: the F# compiler's multi-line messages ("expected to have type /
    /// 'float' / but here has type / 'string'") reach the build's output with each break as U+001D.
    /// </summary>
    [GeneratedRegex(@"\s*[\u001d\r\n]\s*")]
    private static partial Regex LineBreaks();

    [GeneratedRegex(@"^(?<file>[^\s(][^(]*)\((?<line>\d+),(?<col>\d+)\): error (?<code>[A-Z]+\d+): (?<message>.*?)(\s\[[^\]]+\])?$")]
    private static partial Regex CompilerError();
}
