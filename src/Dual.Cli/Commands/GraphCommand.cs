using System.CommandLine;
using System.Diagnostics;
using Dual.Models;

namespace Dual.Cli.Commands;

/// <summary>
/// <c>dual graph neuron|mlp|attention [--format dot|svg] [--out FILE] [--w W] [--b B] [--x X] [--y Y]</c>: the seed's neuron as a
/// computation graph with each node's value and gradient (<see cref="NeuronGraph"/>), like micrograd's <c>draw_dot</c>; or a
/// small MLP or one attention head, drawn by <see cref="Expr.ToDot"/> (the --w … --y options apply to the neuron).
/// DOT text is written by Dual itself; SVG is made by Graphviz's <c>dot -Tsvg</c>, which must be on PATH (otherwise exit 1
/// with a message saying so). Without <c>--out</c> the picture goes to standard output.
/// </summary>
internal static class GraphCommand
{
    /// <summary>The formats, in help order.</summary>
    public static readonly IReadOnlyList<string> Formats = ["dot", "svg"];

    /// <summary>How long Graphviz may take.</summary>
    public static readonly TimeSpan DotTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Builds the command; output goes to <paramref name="stdout"/>, errors to <paramref name="stderr"/>.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var what = new Argument<string>("graph") { Description = "What to draw: neuron (z = w*x + b, a = sigmoid(z), loss = (a - y)^2), mlp (3-4-1, tanh) or attention (one causal head); the weights of mlp and attention are fixed." };
        what.AcceptOnlyFromAmong(["neuron", .. ExprGraphs.Names]);
        var format = new Option<string>("--format") { Description = "dot (Graphviz text, written by Dual) or svg (rendered by Graphviz's `dot`, which must be on PATH).", DefaultValueFactory = _ => "dot" };
        format.AcceptOnlyFromAmong([.. Formats]);
        var output = new Option<string?>("--out") { Description = "Write the picture to this file instead of standard output." };
        var w = new Option<double>("--w") { Description = "Weight w.", DefaultValueFactory = _ => 0.5 }.Finite();
        var b = new Option<double>("--b") { Description = "Bias b.", DefaultValueFactory = _ => 0.1 }.Finite();
        var x = new Option<double>("--x") { Description = "Input x.", DefaultValueFactory = _ => 1.5 }.Finite();
        var y = new Option<double>("--y") { Description = "Target y.", DefaultValueFactory = _ => 1.0 }.Finite();

        var command = new Command("graph", "Draw a computation graph with each node's value and gradient (Graphviz DOT or SVG).");
        command.Arguments.Add(what);
        foreach (var option in new Option[] { format, output, w, b, x, y })
        {
            command.Options.Add(option);
        }

        command.SetAction(parseResult => parseResult.GetValue(what) is "neuron"
            ? Run(
                stdout,
                stderr,
                parseResult.GetValue(format)!,
                parseResult.GetValue(output),
                NeuronGraph.Build(parseResult.GetValue(w), parseResult.GetValue(b), parseResult.GetValue(x), parseResult.GetValue(y)),
                FindOnPath("dot"))
            : Run(stdout, stderr, parseResult.GetValue(format)!, parseResult.GetValue(output), ExprGraphs.Draw(parseResult.GetValue(what)!), FindOnPath("dot")));
        return command;
    }

    /// <summary>
    /// Writes the graph of <paramref name="nodes"/> as <paramref name="format"/> to <paramref name="output"/> (or
    /// <paramref name="stdout"/>). SVG runs <paramref name="dotExecutable"/>; null means Graphviz was not found. Returns 0,
    /// or 1 with a message when Graphviz is missing or fails, or the file cannot be written.
    /// </summary>
    public static int Run(TextWriter stdout, TextWriter stderr, string format, string? output, IReadOnlyList<NeuronGraph.Node> nodes, string? dotExecutable) =>
        Run(stdout, stderr, format, output, (NeuronGraph.ToDot(nodes, "neuron"), nodes.Count), dotExecutable);

    /// <summary>As the neuron's overload, for a picture already drawn as DOT text with <c>Nodes</c> nodes.</summary>
    public static int Run(TextWriter stdout, TextWriter stderr, string format, string? output, (string Dot, int Nodes) graph, string? dotExecutable)
    {
        var dot = graph.Dot;
        string picture;
        if (format == "svg")
        {
            if (dotExecutable is null)
            {
                stderr.WriteLine("dual graph: --format svg needs Graphviz's `dot` on PATH, and it is not there. Install Graphviz (e.g. `apt-get install graphviz`), or use --format dot and render the text elsewhere.");
                return 1;
            }

            var (ok, svg, error) = RunDot(dotExecutable, dot);
            if (!ok)
            {
                stderr.WriteLine($"dual graph: `{dotExecutable} -Tsvg` failed: {error}");
                return 1;
            }

            picture = svg;
        }
        else
        {
            picture = dot;
        }

        if (output is null)
        {
            stdout.Write(picture);
            return 0;
        }

        try
        {
            AtomicFile.WriteAllText(output, picture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"dual graph: cannot write '{output}': {e.Message}");
            return 1;
        }

        stdout.WriteLine($"wrote {output} ({format}, {graph.Nodes} values)");
        return 0;
    }

    /// <summary>The full path of <paramref name="program"/> in the first PATH folder that has it as a file, or null.</summary>
    public static string? FindOnPath(string program, string? path = null)
    {
        path ??= Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in OperatingSystem.IsWindows() ? [program + ".exe", program] : new[] { program })
            {
                var candidate = Path.Combine(folder, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    // Pipes the DOT text through `dot -Tsvg`; the output is read while the input is written, so neither side can block.
    private static (bool Ok, string Svg, string Error) RunDot(string executable, string dot)
    {
        var start = new ProcessStartInfo(executable, ["-Tsvg"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException("the process did not start");
            var svg = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            try
            {
                process.StandardInput.Write(dot);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // It stopped reading (exited early, e.g. on an error): its exit code and messages say why.
            }

            if (!process.WaitForExit(DotTimeout))
            {
                process.Kill(entireProcessTree: true);
                return (false, "", $"no answer within {DotTimeout.TotalSeconds} s");
            }

            return process.ExitCode == 0 ? (true, svg.Result, "") : (false, "", $"exit code {process.ExitCode}: {error.Result.Trim()}");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return (false, "", e.Message);
        }
    }
}
