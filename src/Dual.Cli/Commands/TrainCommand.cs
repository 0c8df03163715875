using System.CommandLine;
using System.Diagnostics;
using Dual.Models;
using Spectre.Console;

namespace Dual.Cli.Commands;

/// <summary>
/// <c>dual train &lt;dataset&gt; [--steps N] [--seed S] [--lr X] [--grad-norms]</c>: trains a model on
/// one of <see cref="Datasets"/>, showing a progress bar with the running loss on a terminal (plain
/// <c>step k/n loss=…</c> lines otherwise), and ends with the line
/// <c>&lt;dataset&gt;: accuracy=&lt;a&gt; loss=&lt;l&gt; steps=&lt;n&gt;</c>.
/// </summary>
internal static class TrainCommand
{
    /// <summary>
    /// The data sets, in help order. To add one, add its name here and a case to <see cref="Setup"/>
    /// returning its <see cref="TrainingSetup"/>; the options and the loop are shared.
    /// </summary>
    public static readonly IReadOnlyList<string> Datasets = ["xor", "moons"];

    /// <summary>How many plain progress lines a run prints at most (plus the first and the last step).</summary>
    public const int ProgressLines = 10;

    /// <summary>Builds the command; output goes to <paramref name="stdout"/>.</summary>
    public static Command Create(TextWriter stdout)
    {
        var dataset = new Argument<string>("dataset")
        {
            Description = "What to train: xor (MLP 2-8-1 tanh, SGD) or moons (micrograd's demo: MLP 2-16-16-1 ReLU, hinge loss, decaying SGD).",
        };
        dataset.AcceptOnlyFromAmong([.. Datasets]);
        var steps = new Option<int?>("--steps") { Description = "Number of training steps, >= 1 (default: xor 300, moons 100)." }.Positive();
        var seed = new Option<int>("--seed") { Description = "Seed of the initial weights and of the data.", DefaultValueFactory = _ => 0 };
        var lr = new Option<double?>("--lr")
        {
            Description = "Learning rate, finite and > 0 (default: xor 0.1; moons 1.0, decaying linearly to a tenth of it).",
        }.FinitePositive();
        var gradNorms = new Option<bool>("--grad-norms") { Description = "After training, print the gradient norm of each layer." };

        var command = new Command("train", "Train a small model and report its accuracy and loss.");
        command.Arguments.Add(dataset);
        foreach (var option in new Option[] { steps, seed, lr, gradNorms })
        {
            command.Options.Add(option);
        }

        command.SetAction(parseResult => Run(
            stdout,
            parseResult.GetValue(dataset)!,
            parseResult.GetValue(steps),
            parseResult.GetValue(seed),
            parseResult.GetValue(lr),
            parseResult.GetValue(gradNorms)));
        return command;
    }

    /// <summary>Trains on <paramref name="dataset"/> and prints the progress and the summary line; returns 0.</summary>
    public static int Run(TextWriter stdout, string dataset, int? steps, int seed, double? lr, bool gradNorms)
    {
        var setup = Setup(dataset, steps, seed, lr);
        var stopwatch = Stopwatch.StartNew();
        var result = Terminal.IsTerminal(stdout) ? WithProgressBar(stdout, dataset, setup) : WithProgressLines(stdout, setup);
        stopwatch.Stop();

        if (gradNorms)
        {
            var (_, gradients) = Trainer.ValueAndGrad(setup.Loss, result.Params, setup.GradientBatch);
            foreach (var layer in GradientNorms.PerLayer(gradients))
            {
                stdout.WriteLine($"grad_norm {(layer.Path.Length == 0 ? "(root)" : layer.Path)} = {Format.Sci(layer.Norm)}");
            }
        }

        stdout.WriteLine($"time = {stopwatch.Elapsed.TotalSeconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)} s");
        stdout.WriteLine($"{dataset}: {setup.Summary(result.Params)} steps={result.Steps.Count}");
        return 0;
    }

    /// <summary>The model, data and optimizer of a data set; its name is one of <see cref="Datasets"/> (the parser checks).</summary>
    private static TrainingSetup Setup(string dataset, int? steps, int seed, double? lr) => dataset switch
    {
        "xor" => ClassifierSetups.Xor(steps, seed, lr),
        "moons" => ClassifierSetups.Moons(steps, seed, lr),
        _ => throw new ArgumentOutOfRangeException(nameof(dataset), dataset, $"Unknown data set; known: {string.Join(", ", Datasets)}."),
    };

    private static TrainingResult WithProgressLines(TextWriter stdout, TrainingSetup setup)
    {
        var every = Math.Max(1, setup.Steps / ProgressLines);
        return Trainer.Run(setup.Loss, setup.Initial, setup.Optimizer, setup.Steps, setup.Batches, step =>
        {
            var number = step.Step + 1;
            if (number == 1 || number % every == 0 || number == setup.Steps)
            {
                stdout.WriteLine($"step {number}/{setup.Steps} loss={Format.R(step.Loss)} lr={Format.R(step.LearningRate)} grad_norm={Format.Sci(step.GradientNorm)}");
            }
        });
    }

    private static TrainingResult WithProgressBar(TextWriter stdout, string dataset, TrainingSetup setup) =>
        Terminal.Create(stdout).Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape($"{dataset}: starting"), maxValue: setup.Steps);
                return Trainer.Run(setup.Loss, setup.Initial, setup.Optimizer, setup.Steps, setup.Batches, step =>
                {
                    task.Description = Markup.Escape($"{dataset}: step {step.Step + 1}/{setup.Steps} loss {Format.Sci(step.Loss)}");
                    task.Increment(1);
                });
            });
}
