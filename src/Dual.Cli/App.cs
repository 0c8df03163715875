using System.CommandLine;
using Dual.Cli.Commands;

namespace Dual.Cli;

/// <summary>
/// The <c>dual</c> command line, runnable in-process: every command writes to the writers it is given.
/// Exit codes: 0 success, 1 a check failed (or an unexpected error), 2 a usage error.
/// </summary>
internal static class App
{
    /// <summary>The exit code of a usage error (unknown command or option, bad value).</summary>
    public const int UsageError = 2;

    /// <summary>The root command with every subcommand; output goes to <paramref name="stdout"/>, errors to <paramref name="stderr"/>.</summary>
    public static RootCommand CreateRoot(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("dual: see and check the chain rule (Dual autodiff library).");
        root.Subcommands.Add(NeuronCommand.Create(stdout));
        root.Subcommands.Add(GradCheckCommand.Create(stdout, stderr));
        root.Subcommands.Add(TrainCommand.Create(stdout, stderr));
        root.Subcommands.Add(DiagnoseCommand.Create(stdout));
        root.Subcommands.Add(SampleCommand.Create(stdout, stderr));
        root.Subcommands.Add(GraphCommand.Create(stdout, stderr));
        root.Subcommands.Add(ExportCommand.Create(stdout, stderr));
        root.Subcommands.Add(TrackCommand.Create(stdout, stderr));
        return root;
    }

    /// <summary>Parses <paramref name="args"/>, runs the chosen command and returns its exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        var parseResult = CreateRoot(stdout, stderr).Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            // System.CommandLine's own error action prints the errors and the usage; send both to
            // stderr and report a usage error (it would return 1, which we keep for failed checks).
            parseResult.Invoke(new InvocationConfiguration { Output = stderr, Error = stderr });
            return UsageError;
        }

        try
        {
            return parseResult.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The last resort: one line, never a stack trace. Every known failure is caught nearer, with a better message.
            var message = e.Message.Split('\n')[0];
            stderr.WriteLine($"dual: unexpected error: {e.GetType().Name}: {(message.Length > 300 ? message[..300] + "…" : message)}");
            return 1;
        }
    }
}
