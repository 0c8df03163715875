using System.Diagnostics;
using System.Text;

namespace Dual.Track;

/// <summary>Runs a process with a time limit, collecting its output lines; the whole process tree is ended on time-out.</summary>
internal sealed record ChildProcess(int? ExitCode, bool TimedOut, IReadOnlyList<string> Stdout, string Stderr)
{
    private const int StderrLimit = 20_000;
    private const int StdoutLineLimit = 100_000;

    public static ChildProcess Run(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A nested build must not inherit the MSBuild settings of a parent build or test run.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k == "MSBUILD_EXE_PATH").ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var stdout = new List<string>();
        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stdout)
                {
                    if (stdout.Count < StdoutLineLimit)
                    {
                        stdout.Add(e.Data);
                    }
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    if (stderr.Length < StderrLimit)
                    {
                        stderr.AppendLine(e.Data);
                    }
                }
            }
        };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var finished = process.WaitForExit(timeout);
        if (!finished)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It ended between the time-out and the kill.
            }

            process.WaitForExit();
        }
        else
        {
            process.WaitForExit(); // drains the redirected streams
        }

        lock (stdout)
        {
            lock (stderr)
            {
                return new ChildProcess(finished ? process.ExitCode : null, !finished, [.. stdout], stderr.ToString());
            }
        }
    }
}
