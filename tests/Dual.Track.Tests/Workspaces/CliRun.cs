using Dual.Cli;

namespace Dual.Track.Tests.Workspaces;

/// <summary>One in-process run of the <c>dual</c> command line.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public static CliRun Of(params string[] args)
    {
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        var exitCode = App.Run(args, stdout, stderr);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    public string[] Lines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
