using System.Security.Cryptography;

namespace Dual.Track.Tests.Workspaces;

/// <summary>
/// The whole route, with real builds and grader processes (slow: a few builds; kept to this one class, so they run
/// one after the other): init with solutions, check, all pass; then a wrong solution, a compile error and a hang;
/// and the same graders on an F# workspace.
/// </summary>
public class EndToEndTests
{
    private static string WrongSolution(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "WrongSolutions", "Neuron", name + ".cs"));

    private static Dictionary<string, string> Hashes(string dir) =>
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.EndsWith("progress.json", StringComparison.Ordinal)
                && !f.EndsWith("build-stamp.txt", StringComparison.Ordinal))
            .ToDictionary(f => f, f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    [Fact]
    public void Solutions_pass_then_mistakes_are_reported_and_nothing_is_modified()
    {
        using var temp = new TempFolder();
        var dir = Path.Combine(temp.Path, "ws");
        Assert.Equal(0, CliRun.Of("track", "init", dir, "--with-solutions").ExitCode);
        var before = Hashes(dir);

        var pass = CliRun.Of("track", "check", "--dir", dir, "--json");
        Assert.True(pass.ExitCode == 0, pass.Stdout + pass.Stderr);
        var n = TrackCatalog.Projects.Count;
        Assert.Equal($"track: projects={n} passed={n} failed=0 todo=0", pass.StdoutLines[^1]);

        // Figures cross the grader's process boundary: attention's weights, tiny-gpt's loss curve and sampled names.
        var passed = TrackReport.FromJson(pass.Stdout[..pass.Stdout.LastIndexOf("track:", StringComparison.Ordinal)]);
        var weights = passed.Projects.Single(p => p.Id == "attention").Checks.Single(c => c.Name == "forward").Figure;
        Assert.Equal(FigureKind.Heatmap, weights?.Kind);
        Assert.Equal(6, weights!.Cells!.Count);
        var gpt = passed.Projects.Single(p => p.Id == "tiny-gpt").Checks;
        Assert.Equal(1000, gpt.Single(c => c.Name == "train names: validation loss").Figure!.Series![0].Values.Count);
        Assert.Equal(10, gpt.Single(c => c.Name == "train names: sampled names").Figure!.Items!.Count);
        Assert.Equal(before, Hashes(dir));
        var list = CliRun.Of("track", "list", "--dir", dir).StdoutLines;
        Assert.Equal("01 neuron One neuron passed", list[0]);
        Assert.Contains("07 primitives Your own primitives passed", list);
        Assert.Contains("08 softmax Softmax and cross-entropy passed", list);

        // A check's figure crosses the grader's process boundary: project 5's per-layer gradient norms, log scale.
        var activations = CliRun.Of("track", "check", "activations", "--dir", dir, "--json");
        Assert.True(activations.ExitCode == 0, activations.Stdout + activations.Stderr);
        var figure = Assert.Single(TrackReport.FromJson(activations.Stdout[..activations.Stdout.LastIndexOf("track:", StringComparison.Ordinal)]).Projects[0].Checks,
            c => c.Name == "vanishing gradients (10 layers)").Figure;
        Assert.True(figure is { Kind: FigureKind.Lines, LogY: true }, "the figure came back as " + figure);
        Assert.Equal(["sigmoid", "tanh", "relu", "gelu"], figure.Series!.Select(s => s.Name));

        // A wrong solution (with console writes) in the learner's file: the factor is named, the output kept apart.
        var neuronFile = Path.Combine(dir, "01-neuron", "Neuron.cs");
        File.WriteAllText(neuronFile, WrongSolution("SigmoidItself").Replace(
            "public double DlossDa(double a, double y) => 2 * (a - y);",
            "public double DlossDa(double a, double y) { Console.WriteLine(\"debug a=\" + a); return 2 * (a - y); }",
            StringComparison.Ordinal));
        var wrong = CliRun.Of("track", "check", "neuron", "--dir", dir, "--json");
        Assert.Equal(1, wrong.ExitCode);
        Assert.Equal("track: projects=1 passed=0 failed=1 todo=0", wrong.StdoutLines[^1]);
        var report = TrackReport.FromJson(wrong.Stdout[..wrong.Stdout.LastIndexOf("track:", StringComparison.Ordinal)]);
        var daDz = Assert.Single(report.Projects[0].Checks, c => c.Name == "da_dz");
        Assert.Equal("da_dz (the sigmoid's derivative)", daDz.Where);
        Assert.StartsWith("debug a=", report.Projects[0].ConsoleOutput, StringComparison.Ordinal);
        Assert.Equal("01 neuron One neuron failed", CliRun.Of("track", "list", "--dir", dir).StdoutLines[0]);

        // A compiler error: the learner's file and line.
        File.WriteAllText(neuronFile, "namespace Track;\n\npublic static class Helper\n{\n    public static int Two => \"two\";\n}\n");
        var broken = CliRun.Of("track", "check", "--dir", dir);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains(broken.StdoutLines, l => l.StartsWith("01-neuron/Neuron.cs(5,", StringComparison.Ordinal) && l.Contains(": error CS0029: ", StringComparison.Ordinal));

        // An endless loop: stopped after the time limit, reported, and the checker carries on.
        File.WriteAllText(neuronFile, WrongSolution("SigmoidItself").Replace(
            "public double DlossDa(double a, double y) => 2 * (a - y);",
            "public double DlossDa(double a, double y) { while (a < 2) { a = a * 1; } return a; }",
            StringComparison.Ordinal));
        var hang = CliRun.Of("track", "check", "neuron", "--dir", dir, "--timeout", "5");
        Assert.Equal(1, hang.ExitCode);
        Assert.Contains(hang.StdoutLines, l => l.Contains("did not finish within 5 s and was stopped", StringComparison.Ordinal));
        Assert.Equal("track: projects=1 passed=0 failed=1 todo=0", hang.StdoutLines[^1]);
    }

    [Fact]
    public void FSharp_solutions_pass_starters_are_todo_and_a_compile_error_names_the_FSharp_file_and_line()
    {
        using var temp = new TempFolder();
        var n = WorkspaceInit.ProjectsIn(TrackLanguage.FSharp).Count;

        // One build, every project graded in one run: the F# classes implement the same interfaces, so the same graders pass them.
        var solved = Path.Combine(temp.Path, "solved");
        Assert.Equal(0, CliRun.Of("track", "init", solved, "--lang", "fsharp", "--with-solutions").ExitCode);
        var pass = CliRun.Of("track", "check", "--dir", solved);
        Assert.True(pass.ExitCode == 0, pass.Stdout + pass.Stderr);
        Assert.Equal($"track: projects={n} passed={n} failed=0 todo=0", pass.StdoutLines[^1]);

        // An object expression implementing INeuron (a helper, say) is a class the F# compiler made, not the learner's
        // class: the grader still finds the one Neuron (else: "2 classes implement INeuron").
        var starters = Path.Combine(temp.Path, "starters");
        Assert.Equal(0, CliRun.Of("track", "init", starters, "--lang", "fsharp").ExitCode);
        var neuronFile = Path.Combine(starters, "01-neuron", "Neuron.fs");
        File.AppendAllText(neuronFile, """

            module Helpers =
                let zero =
                    { new INeuron with
                        member _.DlossDa(_, _) = 0.0
                        member _.DaDz(_, _) = 0.0
                        member _.DzDw(_, _, _) = 0.0
                        member _.GradW(_, _, _, _) = 0.0
                        member _.GradB(_, _, _, _) = 0.0 }

            """);
        var todo = CliRun.Of("track", "check", "--dir", starters);
        Assert.Equal(1, todo.ExitCode);
        Assert.Equal($"track: projects={n} passed=0 failed=0 todo={n}", todo.StdoutLines[^1]);
        Assert.Contains(todo.StdoutLines, l => l.Contains("da_dz: DaDz is not written yet", StringComparison.Ordinal));

        // A type error on line 10 of the learner's F# file: its path and line, and the compiler's message on one line.
        var lines = File.ReadAllLines(neuronFile);
        var line = Array.FindIndex(lines, l => l.Contains("let dlossDa", StringComparison.Ordinal));
        Assert.Equal(9, line);
        lines[line] = "    let dlossDa (a: float) (y: float) : float = \"two\"";
        File.WriteAllLines(neuronFile, lines);
        var broken = CliRun.Of("track", "check", "neuron", "--dir", starters);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains(
            broken.StdoutLines,
            l => l.StartsWith("01-neuron/Neuron.fs(10,", StringComparison.Ordinal)
                && l.EndsWith(": error FS0001: This expression was expected to have type 'float' but here has type 'string'", StringComparison.Ordinal));
        Assert.Equal("track: projects=1 passed=0 failed=1 todo=0", broken.StdoutLines[^1]);
    }
}
