using System.CommandLine;
using Dual.Models;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Dual.Cli.Commands;

/// <summary>
/// <c>dual gradcheck</c>: checks every primitive and composite of the library's <see cref="OpCatalog"/>, and every
/// layer, model and loss of Dual.Models' <see cref="BlockCatalog"/>, against central finite differences and forward
/// mode, prints a table, and ends with one summary line <c>gradcheck: primitives=P composites=C blocks=B failed=F</c>.
/// </summary>
internal static class GradCheckCommand
{
    /// <summary>Builds the command; the table and summary go to <paramref name="stdout"/>, usage errors to <paramref name="stderr"/>.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var op = new Option<string?>("--op") { Description = "Check only the op or block with this name (case-insensitive), e.g. Add, MatMul, Sigmoid, LayerNorm, TinyGpt." };
        var seed = new Option<int>("--seed") { Description = "Seed for shapes and values; case i uses seed + i.", DefaultValueFactory = _ => 1 };

        var command = new Command("gradcheck", "Check every primitive's, composite's and model block's gradient against finite differences and forward mode.");
        command.Options.Add(op);
        command.Options.Add(seed);
        command.SetAction(parseResult => Run(stdout, stderr, parseResult.GetValue(op), parseResult.GetValue(seed)));
        return command;
    }

    /// <summary>Runs the checks; returns 0 if all pass, 1 if any fails, 2 for an unknown op or block name.</summary>
    public static int Run(TextWriter stdout, TextWriter stderr, string? opName, int seed)
    {
        var catalog = OpCatalog.All;
        var blocks = BlockCatalog.All;
        var selected = catalog
            .Select((opCase, index) => (Case: opCase, Index: index))
            .Where(c => Matches(c.Case.Name, opName))
            .ToList();
        // Blocks are numbered after the ops, so each row keeps its own seed whatever is selected.
        var selectedBlocks = blocks
            .Select((block, index) => (Case: block, Index: catalog.Count + index))
            .Where(c => Matches(c.Case.Name, opName))
            .ToList();
        if (selected.Count + selectedBlocks.Count == 0)
        {
            stderr.WriteLine($"error: unknown op or block '{opName}'.");
            stderr.WriteLine("Known ops: " + string.Join(", ", catalog.Select(c => c.Name).Distinct(StringComparer.Ordinal)));
            stderr.WriteLine("Known blocks: " + string.Join(", ", blocks.Select(c => c.Name)));
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
            CheckRow(table, failures, opCase.Name, kind, () =>
            {
                var instance = opCase.Instantiate(Choices.Random(caseSeed), caseSeed);
                // The row's options carry its tolerances and zero-by-definition derivatives (StopGradient).
                return (instance.ShapesText, () => GradCheck.Run(instance.Function, instance.Point, opCase.Options));
            });
        }

        foreach (var (block, index) in selectedBlocks)
        {
            var caseSeed = unchecked(seed + index);
            CheckRow(table, failures, block.Name, "block", () =>
            {
                var instance = block.Instantiate(caseSeed);
                return (instance.InputsText, instance.Check);
            });
        }

        Terminal.Create(stdout).Write(table);
        foreach (var (name, shapes, detail) in failures)
        {
            stdout.WriteLine();
            stdout.WriteLine($"FAILED {name} {shapes}");
            stdout.WriteLine(detail);
        }

        stdout.WriteLine($"gradcheck: primitives={primitives} composites={composites} blocks={selectedBlocks.Count} failed={failures.Count}");
        return failures.Count > 0 ? 1 : 0;
    }

    private static bool Matches(string name, string? wanted) =>
        wanted is null || string.Equals(name, wanted, StringComparison.OrdinalIgnoreCase);

    // Instantiates and checks one row, adding it to the table; an exception is reported as a failure, not thrown.
    private static void CheckRow(Table table, List<(string Name, string Shapes, string Detail)> failures, string name, string kind,
        Func<(string Shapes, Func<GradCheckReport> Check)> instantiate)
    {
        var shapes = "?";
        try
        {
            var (text, check) = instantiate();
            shapes = text;
            var report = check();
            table.AddRow(Cells(name, kind, shapes,
                Format.Sci(report.MaxAbsError), Format.Sci(report.MaxRelError), Format.Sci(report.ForwardReverseError),
                report.Passed ? "yes" : "NO"));
            if (!report.Passed)
            {
                failures.Add((name, shapes, report.ToString()));
            }
        }
#pragma warning disable CA1031 // One broken case must not hide the others: report it as a failure and go on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            table.AddRow(Cells(name, kind, shapes, "-", "-", "-", "ERROR"));
            failures.Add((name, shapes, e.ToString()));
        }
    }

    // Plain text cells: shapes like "[2, 3]" must not be read as Spectre markup.
    private static IRenderable[] Cells(params string[] texts) => texts.Select(t => (IRenderable)new Text(t)).ToArray();
}
