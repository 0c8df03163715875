using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using Dual.Models;
using Spectre.Console;

namespace Dual.Cli.Commands;

/// <summary>
/// <c>dual train &lt;dataset&gt; [--steps N] [--seed S] [--lr X] …</c>: trains a model on one of <see cref="Datasets"/>,
/// showing a progress bar on a terminal (plain <c>step k/n …</c> lines otherwise). The classifiers (<c>xor</c>,
/// <c>moons</c>) end with <c>&lt;dataset&gt;: accuracy=&lt;a&gt; loss=&lt;l&gt; steps=&lt;n&gt;</c>; the GPTs (<c>names</c>,
/// <c>shakespeare</c>) with <c>&lt;dataset&gt;: loss=&lt;train&gt; val_loss=&lt;val&gt; steps=&lt;n&gt; params=&lt;p&gt; seconds=&lt;t&gt;</c>
/// and can save (<c>--out</c>), resume (<c>--resume</c>) and plot (<c>--plot</c>).
/// </summary>
internal static class TrainCommand
{
    /// <summary>
    /// The data sets, in help order. To add one, add its name here and a case to the dispatching <c>Run</c>; options that
    /// apply to some data sets only are checked in <see cref="Validate"/>.
    /// </summary>
    public static readonly IReadOnlyList<string> Datasets = ["xor", "moons", "names", "shakespeare"];

    /// <summary>The data sets trained as GPTs, with checkpoints.</summary>
    public static readonly IReadOnlyList<string> GptDatasets = ["names", "shakespeare"];

    /// <summary>How many plain progress lines a run prints at most (plus the first and the last step).</summary>
    public const int ProgressLines = 10;

    /// <summary>Builds the command; output goes to <paramref name="stdout"/>, errors to <paramref name="stderr"/>.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var dataset = new Argument<string>("dataset")
        {
            Description = "What to train: xor (MLP 2-8-1 tanh, SGD); moons (micrograd's demo: MLP 2-16-16-1 ReLU, hinge loss, decaying SGD); "
                + "names (microgpt: a 4,192-parameter GPT, one name per step, Adam); shakespeare (B5: a 4-layer character GPT, batches of 16x64, AdamW).",
        };
        dataset.AcceptOnlyFromAmong([.. Datasets]);
        var steps = new Option<int?>("--steps")
        {
            Description = "Number of training steps, 1 to 10,000,000 in all; when resuming, how many more (default: xor 300, moons 100, names 1000, shakespeare 200).",
        }.Positive().AtMost(GptTraining.MaxSteps);
        var seed = new Option<int?>("--seed") { Description = "Seed of the initial weights, the data and the samples (default: xor and moons 0, names 42, shakespeare 55)." };
        var lr = new Option<double?>("--lr")
        {
            Description = "Learning rate, finite and > 0 (default: xor 0.1; moons 1.0, decaying linearly to a tenth of it; names 0.01 decaying linearly to 0; shakespeare 3e-4 peak with warm-up and cosine decay).",
        }.FinitePositive();
        var gradNorms = new Option<bool>("--grad-norms") { Description = "xor, moons: after training, print the gradient norm of each layer." };
        var output = new Option<string?>("--out") { Description = "names, shakespeare: save the trained model, its config, tokenizer, optimizer state and loss history to this .safetensors file (written atomically; a symbolic link is followed; only a regular file is replaced)." };
        var resume = new Option<string?>("--resume") { Description = "names, shakespeare: continue from this checkpoint (parameters, optimizer state, step, seed and schedule); --steps more steps on the same schedule (steps past its end keep its final learning rate)." };
        var data = new Option<string?>("--data") { Description = "names, shakespeare: train on this UTF-8 text file instead of the bundled data (names: one document per line; shakespeare: running text). On resume, its characters must be in the checkpoint's vocabulary." };
        var plot = new Option<string?>("--plot") { Description = "Draw the training (and validation) loss curves to this .png or .svg file." };
        var init = new Option<string?>("--init") { Description = "names: 'seed' (Dual's seeded initial weights, the default) or 'golden' (replay microgpt's trace from data/golden/microgpt-seed42)." };
        init.AcceptOnlyFromAmong(NamesTraining.SeededInit, NamesTraining.GoldenInit);
        var evalEvery = new Option<int?>("--eval-every") { Description = "names, shakespeare: steps between evaluations of the validation loss (default: a tenth of the run for names, a quarter for shakespeare)." }.Positive();

        var command = new Command("train", "Train a model and report its loss; the GPTs also sample, save, resume and plot.");
        command.Arguments.Add(dataset);
        foreach (var option in new Option[] { steps, seed, lr, gradNorms, output, resume, plot, init, evalEvery, data })
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result => Validate(result, RawValue(result, dataset), gradNorms, [output, resume, evalEvery, data], init, resume, [seed, lr, init], plot, output, data));
        command.SetAction(parseResult =>
        {
            var name = parseResult.GetValue(dataset)!;
            var gpt = new GptTrainOptions(
                parseResult.GetValue(steps), parseResult.GetValue(seed), parseResult.GetValue(lr), parseResult.GetValue(output),
                parseResult.GetValue(resume), parseResult.GetValue(plot), parseResult.GetValue(init), parseResult.GetValue(evalEvery), parseResult.GetValue(data));
            return Run(stdout, stderr, name, gpt, parseResult.GetValue(gradNorms));
        });
        return command;
    }

    /// <summary>The options that make sense for some data sets only, and those a checkpoint fixes; errors become usage errors.</summary>
    private static void Validate(
        CommandResult result, string? dataset, Option<bool> gradNorms, Option[] gptOnly, Option<string?> init,
        Option<string?> resume, Option[] fixedByCheckpoint, Option<string?> plot, Option<string?> output, Option<string?> data)
    {
        if (dataset is null || !Datasets.Contains(dataset))
        {
            return;
        }

        var isGpt = GptDatasets.Contains(dataset);
        if (isGpt && result.GetValue(gradNorms))
        {
            result.AddError($"Option '--grad-norms' applies to xor and moons only, not to {dataset}.");
        }

        foreach (var option in gptOnly.Where(o => !isGpt && Given(result, o)))
        {
            result.AddError($"Option '{option.Name}' applies to names and shakespeare only, not to {dataset}.");
        }

        if (dataset != "names" && Given(result, init))
        {
            result.AddError($"Option '--init' applies to names only, not to {dataset}.");
        }

        if (Given(result, resume))
        {
            foreach (var option in fixedByCheckpoint.Where(o => Given(result, o)))
            {
                result.AddError($"Option '{option.Name}' cannot be combined with '--resume': the checkpoint fixes it.");
            }
        }

        if (result.GetValue(plot) is { } path && !LossPlot.HasKnownExtension(path))
        {
            result.AddError($"Option '--plot' must name a {string.Join(" or ", LossPlot.Extensions)} file, got '{path}'.");
        }

        if (Given(result, data) && result.GetResult(init) is { Implicit: false, Tokens: [var initToken] } && initToken.Value == NamesTraining.GoldenInit)
        {
            result.AddError("Option '--init golden' replays microgpt's own names; it cannot be combined with '--data'.");
        }

        if (Given(result, data) && result.GetValue(data) is { } dataFile)
        {
            try
            {
                RegularFile.RequireReadable(dataFile, "data file", message => new IOException(message));
            }
            catch (IOException e)
            {
                result.AddError($"Option '--data': {e.Message}");
            }
        }

        // Found out now, not after the training it would throw away.
        OutputPaths.Check(result, [(output, result.GetValue(output)), (plot, result.GetValue(plot))],
            [(resume, result.GetValue(resume)), (data, result.GetValue(data))]);
    }

    private static bool Given(CommandResult result, Option option) => result.GetResult(option) is { Implicit: false };

    // The argument's text as typed (reading its value would throw when it is not one of the allowed values).
    private static string? RawValue(CommandResult result, Argument<string> argument) =>
        result.GetResult(argument) is { Tokens: [var token] } ? token.Value : null;

    /// <summary>
    /// Trains on <paramref name="dataset"/> and prints the progress and the summary line. Returns 0, or 1 with the
    /// message on <paramref name="stderr"/> when a checkpoint or data file cannot be used.
    /// </summary>
    public static int Run(TextWriter stdout, TextWriter stderr, string dataset, GptTrainOptions options, bool gradNorms)
    {
        try
        {
            return dataset switch
            {
                "names" => GptTraining.Run(stdout, NamesTraining.Instance, options),
                "shakespeare" => GptTraining.Run(stdout, ShakespeareTraining.Instance, options),
                _ => Run(stdout, dataset, options.Steps, options.Seed ?? 0, options.LearningRate, gradNorms, options.Plot),
            };
        }
        catch (RunFailure e)
        {
            stderr.WriteLine($"dual train {dataset}: {e.Message}");
            return e.ExitCode;
        }
        catch (Exception e) when (e is CheckpointException or IOException or UnauthorizedAccessException or FormatException
            or DllNotFoundException or TypeInitializationException)
        {
            stderr.WriteLine($"dual train {dataset}: {e.Message}");
            return 1;
        }
    }

    /// <summary>Trains a classifier on <paramref name="dataset"/> and prints the progress and the summary line; returns 0.</summary>
    public static int Run(TextWriter stdout, string dataset, int? steps, int seed, double? lr, bool gradNorms, string? plot = null)
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

        if (plot is not null)
        {
            LossPlot.Save(plot, $"dual train {dataset}", result.Losses, [], Math.Max(1, result.Losses.Count / 20));
            stdout.WriteLine($"plotted {plot}");
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
            CheckFinite(step);
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
                    CheckFinite(step);
                    task.Description = Markup.Escape($"{dataset}: step {step.Step + 1}/{setup.Steps} loss {Format.Sci(step.Loss)}");
                    task.Increment(1);
                });
            });

    // A classifier whose loss or gradient overflows stops there (exit 1), as the GPTs do: no summary with Infinity and exit 0.
    private static void CheckFinite(TrainingStep step)
    {
        if (!double.IsFinite(step.Loss) || !double.IsFinite(step.GradientNorm))
        {
            throw new RunFailure(System.FormattableString.Invariant(
                $"training diverged at step {step.Step + 1}: loss {Format.R(step.Loss)}, gradient norm {Format.R(step.GradientNorm)} (learning rate {Format.R(step.LearningRate)}); try a smaller --lr."));
        }
    }
}
