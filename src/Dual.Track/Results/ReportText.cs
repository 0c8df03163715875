namespace Dual.Track;

/// <summary>Writes a <see cref="TrackReport"/> for people: one line per check, failures with their case, values and hint.</summary>
public static class ReportText
{
    /// <summary>Writes <paramref name="report"/> to <paramref name="writer"/>, ending with the summary line.</summary>
    public static void Write(TrackReport report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var error in report.BuildErrors)
        {
            writer.WriteLine(error.ToString());
        }

        foreach (var project in report.Projects)
        {
            WriteProject(project, writer);
        }

        writer.WriteLine(report.SummaryLine);
    }

    /// <summary>Writes one project's checks.</summary>
    public static void WriteProject(ProjectResult project, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine($"{project.Number:00} {project.Id}: {Word(project.Status)}");
        foreach (var check in project.Checks)
        {
            writer.WriteLine($"  {Word(check.Status),-6} {check.Name}: {check.Message}");
            if (check.Input is not null)
            {
                writer.WriteLine($"         case:     {check.Input}");
            }

            if (check.Where is not null && check.Status != CheckStatus.Passed)
            {
                writer.WriteLine($"         where:    {check.Where}");
            }

            if (check.Expected is not null)
            {
                writer.WriteLine($"         expected: {check.Expected}");
            }

            if (check.Got is not null)
            {
                writer.WriteLine($"         got:      {check.Got}");
            }

            if (check.Hint is not null)
            {
                writer.WriteLine($"         hint:     {check.Hint}");
            }
        }

        if (project.ConsoleOutput is not null)
        {
            writer.WriteLine("  your code wrote to the console (kept apart from the checks):");
            foreach (var line in project.ConsoleOutput.Split('\n').Take(10))
            {
                writer.WriteLine("    | " + line.TrimEnd('\r'));
            }
        }
    }

    /// <summary>The word for a project status, as <c>list</c> prints it.</summary>
    public static string Word(ProjectStatus status) => status switch
    {
        ProjectStatus.New => "new",
        ProjectStatus.Passed => "passed",
        ProjectStatus.Failed => "failed",
        _ => "todo",
    };

    private static string Word(CheckStatus status) => status switch
    {
        CheckStatus.Passed => "pass",
        CheckStatus.Failed => "FAIL",
        CheckStatus.Todo => "todo",
        _ => "ERROR",
    };
}
