using System.Reflection;
using System.Text.Json;

namespace Dual.Track;

/// <summary>
/// The entry point of a learner's workspace program. <c>dual track check</c> runs that program in a child process as
/// <c>--grade ID</c>: it finds the learner's class for the project, runs the grader, and writes one JSON line per check
/// on standard output. Run by hand (<c>dotnet run</c>, optionally with project ids) it prints the checks as text.
/// The learner's console output is captured, never mixed with the results.
/// </summary>
public static class GraderHost
{
    private const int ConsoleLimit = 4000;

    /// <summary>The value of <c>Microsoft.FSharp.Core.SourceConstructFlags.Closure</c>.</summary>
    private const int ClosureFlag = 6;

    /// <summary>Runs the graders as <paramref name="args"/> ask on the classes of <paramref name="learnerAssembly"/>; returns the exit code.</summary>
    public static int Run(string[] args, Assembly learnerAssembly)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(learnerAssembly);
        var results = Console.Out;
        var captured = new Running.BoundedWriter(ConsoleLimit);
        Console.SetOut(captured);
        Console.SetError(captured);
        try
        {
            if (args.Length == 2 && args[0] == Running.Protocol.GradeVerb)
            {
                return GradeForChecker(args[1], learnerAssembly, results, captured);
            }

            return GradeForPeople(args, learnerAssembly, results, captured);
        }
        finally
        {
            results.Flush();
        }
    }

    private static int GradeForChecker(string id, Assembly learnerAssembly, TextWriter results, Running.BoundedWriter captured)
    {
        var project = TrackCatalog.Find(id);
        if (project is null)
        {
            results.WriteLine(Running.Protocol.CheckPrefix + JsonSerializer.Serialize(
                new CheckResult("project", CheckStatus.Error, $"no project '{id}' in this version of the track"), TrackJson.Compact));
        }
        else
        {
            try
            {
                foreach (var check in Grade(project, learnerAssembly))
                {
                    results.WriteLine(Running.Protocol.CheckPrefix + JsonSerializer.Serialize(check, TrackJson.Compact));
                    results.Flush();
                }
            }
            catch (OutOfMemoryException)
            {
                // The checker starts this process with a heap limit, so endless allocation ends here, not in the machine's swap.
                results.WriteLine(Running.Protocol.CheckPrefix + JsonSerializer.Serialize(
                    new CheckResult("memory", CheckStatus.Error, "your code ran out of memory (it allocates without end?); the checks after the last one shown did not run"),
                    TrackJson.Compact));
            }
        }

        results.WriteLine(Running.Protocol.OutputPrefix + JsonSerializer.Serialize(captured.Text(), TrackJson.Compact));
        results.WriteLine(Running.Protocol.End);
        return 0;
    }

    private static int GradeForPeople(string[] ids, Assembly learnerAssembly, TextWriter results, Running.BoundedWriter captured)
    {
        var projects = ids.Length == 0 ? TrackCatalog.Projects : [.. ids.Select(id => TrackCatalog.Find(id)).OfType<TrackProject>()];
        var report = new TrackReport([.. projects.Select(p => new ProjectResult(p.Number, p.Id, [.. Grade(p, learnerAssembly)]))], []);
        ReportText.Write(report, results);
        var output = captured.Text();
        if (output is not null)
        {
            results.WriteLine("your code wrote to the console:");
            results.WriteLine(output);
        }

        return report.AllPassed ? 0 : 1;
    }

    /// <summary>The checks of <paramref name="project"/> on the learner's class, or one failed check saying why there is none.</summary>
    internal static IEnumerable<CheckResult> Grade(TrackProject project, Assembly learnerAssembly)
    {
        var candidates = learnerAssembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && project.SolutionInterface.IsAssignableFrom(t) && !IsFSharpClosure(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToList();

        // The learner's file, named in the language the assembly was compiled from (the checks are the same in each).
        var language = TrackLanguage.Of(learnerAssembly);
        var starter = project.StarterFileIn(language);
        if (candidates.Count != 1)
        {
            var message = candidates.Count == 0
                ? $"no class implements {project.SolutionInterface.Name}: is {starter} missing, or was its class renamed or its '{language.ImplementsClause(project.SolutionInterface.Name)}' removed?"
                : $"{candidates.Count} classes implement {project.SolutionInterface.Name} ({string.Join(", ", candidates.Select(c => c.Name))}): keep one";
            return [new CheckResult("starter", CheckStatus.Failed, message) { Where = starter }];
        }

        object solution;
        try
        {
            solution = Activator.CreateInstance(candidates[0])!;
        }
        catch (Exception e) when (e is MissingMethodException or TargetInvocationException or MemberAccessException)
        {
            var reason = e is TargetInvocationException { InnerException: { } inner } ? $"its constructor threw {inner.GetType().Name}: {inner.Message}" : "it needs a public constructor without parameters";
            return [new CheckResult("starter", CheckStatus.Failed, $"cannot create {candidates[0].Name}: {reason}") { Where = starter }];
        }

        return project.Check(solution);
    }

    /// <summary>
    /// Whether the F# compiler made <paramref name="type"/> for a closure or an object expression (<c>{ new INeuron with ... }</c>
    /// in a helper is not the learner's class): it marks them <c>CompilationMapping(SourceConstructFlags.Closure)</c>.
    /// </summary>
    private static bool IsFSharpClosure(Type type) =>
        type.GetCustomAttributesData().Any(a =>
            a.AttributeType.FullName == "Microsoft.FSharp.Core.CompilationMappingAttribute"
            && a.ConstructorArguments is [{ Value: int flags }, ..]
            && flags == ClosureFlag);
}
