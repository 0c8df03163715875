using System.CommandLine;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Dual.Cli.Commands;

/// <summary>
/// <c>dual gradcheck</c>: checks every primitive and composite of the library's <see cref="OpCatalog"/>
/// against central finite differences and forward mode, prints a table, and ends with one summary line
/// <c>gradcheck: primitives=P composites=C blocks=0 failed=F</c>.
/// </summary>
internal static class GradCheckCommand
{
    /// <summary>Width of the table when the output is not a terminal, so lines never wrap oddly.</summary>
    public const int RedirectedWidth = 120;

    /// <summary>Builds the command; the table and summary go to <paramref name="stdout"/>, usage errors to <paramref name="stderr"/>.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var op = new Option<string?>("--op") { Description = "Check only the op with this name (case-insensitive), e.g. Add, MatMul, Sigmoid." };
        var seed = new Option<int>("--seed") { Description = "Seed for shapes and values; case i uses seed + i.", DefaultValueFactory = _ => 1 };

        var command = new Command("gradcheck", "Check every primitive's and composite's gradient against finite differences and forward mode.");
        command.Options.Add(op);
        command.Options.Add(seed);
        command.SetAction(parseResult => Run(stdout, stderr, parseResult.GetValue(op), parseResult.GetValue(seed)));
        return command;
    }

    /// <summary>Runs the checks; returns 0 if all pass, 1 if any fails, 2 for an unknown op name.</summary>
    public static int Run(TextWriter stdout, TextWriter stderr, string? opName, int seed)
    {
        var catalog = OpCatalog.All;
        var selected = catalog
            .Select((opCase, index) => (Case: opCase, Index: index))
            .Where(c => opName is null || string.Equals(c.Case.Name, opName, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (selected.Count == 0)
        {
            stderr.WriteLine($"error: unknown op '{opName}'.");
            stderr.WriteLine("Known ops: " + string.Join(", ", catalog.Select(c => c.Name).Distinct(StringComparer.Ordinal)));
            return App.UsageError;
        }

        var table = new Table().Border(TableBorder.Ascii)
            .AddColumn("op")
            .AddColumn("kind")
            .AddColumn("shapes")
            .AddColumn(new TableColumn("max abs err").RightAligned())
            .AddColumn(new TableColumn("max rel err").RightAligned())
            .AddColumn(new TableColumn("fwd-vs-rev").RightAligned())
            .AddColumn("pass");

        var failures = new List<(string Name, string Shapes, string Detail)>();
        int primitives = 0, composites = 0;
        foreach (var (opCase, index) in selected)
        {
            var kind = opCase.IsPrimitive ? "primitive" : "composite";
            if (opCase.IsPrimitive)
            {
                primitives++;
            }
            else
            {
                composites++;
            }

            var caseSeed = unchecked(seed + index);
            var shapes = "?";
            try
            {
                var instance = opCase.Instantiate(Choices.Random(caseSeed), caseSeed);
                shapes = instance.ShapesText;
                // The row's options carry its tolerances and zero-by-definition derivatives (StopGradient).
                var report = GradCheck.Run(instance.Function, instance.Point, opCase.Options);
                table.AddRow(Cells(opCase.Name, kind, shapes,
                    Format.Sci(report.MaxAbsError), Format.Sci(report.MaxRelError), Format.Sci(report.ForwardReverseError),
                    report.Passed ? "yes" : "NO"));
                if (!report.Passed)
                {
                    failures.Add((opCase.Name, shapes, report.ToString()));
                }
            }
#pragma warning disable CA1031 // One broken case must not hide the others: report it as a failure and go on.
            catch (Exception e)
#pragma warning restore CA1031
            {
                table.AddRow(Cells(opCase.Name, kind, shapes, "-", "-", "-", "ERROR"));
                failures.Add((opCase.Name, shapes, e.ToString()));
            }
        }

        CreateConsole(stdout).Write(table);
        foreach (var (name, shapes, detail) in failures)
        {
            stdout.WriteLine();
            stdout.WriteLine($"FAILED {name} {shapes}");
            stdout.WriteLine(detail);
        }

        stdout.WriteLine($"gradcheck: primitives={primitives} composites={composites} blocks=0 failed={failures.Count}");
        return failures.Count > 0 ? 1 : 0;
    }

    // Plain text cells: shapes like "[2, 3]" must not be read as Spectre markup.
    private static IRenderable[] Cells(params string[] texts) => texts.Select(t => (IRenderable)new Text(t)).ToArray();

    private static IAnsiConsole CreateConsole(TextWriter stdout)
    {
        var isTerminal = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!isTerminal)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
