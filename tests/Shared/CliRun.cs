using Dual.Cli;

namespace Dual.Testing;

/// <summary>One in-process run of the <c>dual</c> command line: exit code and captured output (shared by the CLI and track tests).</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public static CliRun Of(params string[] args)
    {
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        var exitCode = App.Run(args, stdout, stderr);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The value printed on the one stdout line of the form <c>name = value</c>.</summary>
    public double Value(string name)
    {
        var prefix = name + " = ";
        var line = Assert.Single(StdoutLines, l => l.StartsWith(prefix, StringComparison.Ordinal));
        return double.Parse(line[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
