using System.CommandLine;
using Dual.Models;
using Spectre.Console;

namespace Dual.Cli.Commands;

/// <summary>
/// <c>dual diagnose vanishing [--depth D] [--width W] [--seed S]</c>: the gradient norm of each layer
/// of a deep, narrow MLP at initialisation, with sigmoid (Xavier) and with ReLU (Kaiming) layers,
/// side by side; the last line is
/// <c>vanishing: sigmoid first/last=&lt;r&gt; relu first/last=&lt;r&gt;</c>.
/// </summary>
internal static class DiagnoseCommand
{
    /// <summary>Builds the command; output goes to <paramref name="stdout"/>.</summary>
    public static Command Create(TextWriter stdout)
    {
        var experiment = new Argument<string>("experiment")
        {
            Description = "vanishing: per-layer gradient norms of a deep sigmoid MLP versus a ReLU MLP.",
        };
        experiment.AcceptOnlyFromAmong("vanishing");
        var depth = new Option<int?>("--depth") { Description = "Number of hidden layers, >= 1 (default 8)." }.Positive();
        var width = new Option<int?>("--width") { Description = "Units per hidden layer, >= 1 (default 16)." }.Positive();
        var seed = new Option<int>("--seed") { Description = "Seed of the weights and the batch.", DefaultValueFactory = _ => 0 };

        var command = new Command("diagnose", "Show how gradients flow through a model's layers.");
        command.Arguments.Add(experiment);
        foreach (var option in new Option[] { depth, width, seed })
        {
            command.Options.Add(option);
        }

        command.SetAction(parseResult => Run(stdout, parseResult.GetValue(depth) ?? 8, parseResult.GetValue(width) ?? 16, parseResult.GetValue(seed)));
        return command;
    }

    /// <summary>Runs the vanishing-gradient comparison and returns 0.</summary>
    public static int Run(TextWriter stdout, int depth, int width, int seed)
    {
        var sigmoid = GradientFlow.DeepMlp(h => h.Sigmoid(), Init.Xavier, depth, width, seed: seed);
        var relu = GradientFlow.DeepMlp(h => h.Relu(), Init.Kaiming, depth, width, seed: seed);

        stdout.WriteLine($"gradient norm per layer at initialisation: {depth} hidden layers of {width} units, a linear output layer, mean squared error");
        var table = new Table().Border(TableBorder.Ascii)
            .AddColumn("layer")
            .AddColumn(new TableColumn("sigmoid (Xavier)").RightAligned())
            .AddColumn(new TableColumn("relu (Kaiming)").RightAligned());
        for (var i = 0; i < sigmoid.Count; i++)
        {
            var name = i == 0 ? $"{sigmoid[i].Path} (input)" : i == sigmoid.Count - 1 ? $"{sigmoid[i].Path} (output)" : sigmoid[i].Path;
            table.AddRow(Markup.Escape(name), Format.Sci(sigmoid[i].Norm), Format.Sci(relu[i].Norm));
        }

        Terminal.Create(stdout).Write(table);
        stdout.WriteLine($"vanishing: sigmoid first/last={Format.Sci(sigmoid[0].Norm / sigmoid[^1].Norm)} relu first/last={Format.Sci(relu[0].Norm / relu[^1].Norm)}");
        return 0;
    }
}
