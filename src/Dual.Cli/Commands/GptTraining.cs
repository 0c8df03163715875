using System.Diagnostics;
using System.Globalization;
using Dual.Models;

namespace Dual.Cli.Commands;

/// <summary>
/// The one GPT training pipeline behind <c>dual train names</c> and <c>dual train shakespeare</c>: resume (or a fresh
/// start) → set-up → training steps with evaluations → the task's report → save, plot, summary line
/// <c>&lt;task&gt;: loss=&lt;mean of the last 100 steps&gt; val_loss=&lt;v&gt; steps=&lt;n&gt; params=&lt;p&gt; seconds=&lt;t&gt;</c>.
/// <list type="bullet">
/// <item>A resumed run continues the checkpoint's schedule unchanged (seed, peak, warm-up, decay steps); steps past
/// the schedule's end keep its final learning rate, and the run says so before it starts.</item>
/// <item>Training stops at the first step whose loss or gradient norm is not finite, or whose validation loss is not:
/// nothing is saved or plotted (an existing checkpoint stays as it was) and the exit code is 1.</item>
/// <item>At most <see cref="MaxSteps"/> steps in all (the checkpoint's and this run's).</item>
/// </list>
/// </summary>
internal static class GptTraining
{
    /// <summary>The most steps a run may reach, counting the checkpoint's: the loss history is kept in memory and in the file.</summary>
    public const int MaxSteps = 10_000_000;

    /// <summary>Trains <paramref name="task"/> as <paramref name="options"/> say; returns 0.</summary>
    /// <exception cref="CheckpointException">The checkpoint to resume from cannot be used.</exception>
    /// <exception cref="RunFailure">The data cannot be used, the steps exceed <see cref="MaxSteps"/>, or training diverged.</exception>
    public static int Run(TextWriter stdout, GptTask task, GptTrainOptions options)
    {
        var clock = Stopwatch.StartNew();

        // Resume.
        var resumed = options.Resume is null ? null : LoadForResume(task, options.Resume);
        var start = resumed?.Step ?? 0;
        var steps = options.Steps ?? task.DefaultSteps;
        if ((long)start + steps > MaxSteps)
            throw new RunFailure(string.Create(CultureInfo.InvariantCulture,
                $"--steps {steps} after the checkpoint's {start} steps would pass the limit of {MaxSteps} steps in all."), App.UsageError);
        var end = start + steps;
        var schedule = resumed is null
            ? task.NewSchedule(options.Seed ?? task.DefaultSeed, options.LearningRate ?? task.DefaultLearningRate, end)
            : GptSchedule.Of(resumed, task.HasWarmup);

        // Set-up.
        var run = task.Prepare(options, resumed, schedule);
        var parameters = resumed?.Params ?? run.InitialParameters(schedule.Seed);
        var state = resumed?.Optimizer ?? run.Optimizer.Init(parameters);
        if (resumed?.Optimizer is { } saved && !saved.SlotNames.SequenceEqual(run.Optimizer.Init(parameters).SlotNames))
            throw new CheckpointException($"{options.Resume}: its optimizer state has the slots {string.Join(", ", saved.SlotNames.Select(n => $"'{CheckpointException.Shorten(n, 20)}'"))}; the {task.Name} optimizer keeps {string.Join(", ", run.Optimizer.Init(parameters).SlotNames.Select(n => $"'{n}'"))}.");
        var losses = new List<double>(resumed?.TrainLosses ?? []);
        var points = new List<LossPoint>(resumed?.ValidationLosses ?? []);
        var evalEvery = options.EvalEvery ?? task.DefaultEvalEvery(steps, end);

        stdout.WriteLine(run.Header);
        stdout.WriteLine(resumed is null
            ? $"init: {run.InitDescription(schedule.Seed)}; optimizer: {run.Optimizer}"
            : $"resumed from {options.Resume} at step {start}; optimizer: {run.Optimizer}");
        if (resumed is not null && end > schedule.DecaySteps)
        {
            var final = run.Optimizer.LearningRate.At(Math.Max(start, schedule.DecaySteps));
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"note: the checkpoint's schedule ends at step {schedule.DecaySteps}; steps {Math.Max(start, schedule.DecaySteps) + 1}..{end} keep its final learning rate {Format.R(final)}{(final == 0 ? " (they do not change the weights; start a fresh run with more --steps to train longer)" : "")}"));
        }

        stdout.WriteLine($"steps {start + 1}..{end}, {run.StepDescription}; loss = mean of the last {GptTrainOptions.LossWindow} steps");
        if (start == 0)
        {
            points.Add(new LossPoint(0, Finite(run.Evaluate(parameters), 0, "validation loss")));
        }

        // Training steps with evaluations.
        var stepTimes = new List<double>(Math.Min(steps, 1 << 20));
        var lastLoss = double.NaN;
        var session = run.Session(parameters, state);
        TrainingProgress.Run(stdout, task.Name, start, end, progress =>
        {
            for (var k = start; k < end; k++)
            {
                var began = clock.Elapsed;
                var step = run.Step(session, k);
                stepTimes.Add((clock.Elapsed - began).TotalMilliseconds);
                CheckStep(step, k + 1);
                lastLoss = step.Loss;
                losses.Add(step.Loss);
                run.AfterStep(k, step.Loss);
                progress.Step(k + 1, GptTrainOptions.RunningLoss(losses), step.LearningRate);
                if ((k + 1) % evalEvery == 0 && k + 1 < end)
                {
                    var current = session.Parameters;
                    var val = Finite(progress.Untimed(() => run.Evaluate(current)), k + 1, "validation loss");
                    points.Add(new LossPoint(k + 1, val));
                    progress.Message($"eval step {k + 1}: loss={Format.Fixed(GptTrainOptions.RunningLoss(losses))} val_loss={Format.Fixed(val)}");
                    progress.Untimed(() =>
                    {
                        run.AfterEvaluation(progress.Message, current, schedule.Seed);
                        return 0;
                    });
                }
            }

            return 0;
        });

        (parameters, state) = (session.Parameters, session.State);
        var valLoss = Finite(run.Evaluate(parameters), end, "validation loss");
        points.Add(new LossPoint(end, valLoss));
        var trainLoss = GptTrainOptions.RunningLoss(losses);
        stepTimes.Sort();
        run.Report(stdout, new GptRunSummary(start, end, lastLoss, trainLoss, valLoss, parameters, schedule.Seed, stepTimes[stepTimes.Count / 2], stepTimes.Count));

        // Save, plot, summary.
        if (options.Out is not null)
        {
            var settings = schedule.Settings(task.HasWarmup);
            foreach (var (key, value) in run.DataSettings) settings[key] = value;
            new GptCheckpoint(task.Name, run.Config, run.Tokenizer, parameters, end, state, run.Optimizer.ToString(), settings, losses, points).Save(options.Out);
            stdout.WriteLine($"saved {options.Out} (step {end})");
        }

        if (options.Plot is not null)
        {
            LossPlot.Save(options.Plot, run.PlotTitle, losses, points, GptTrainOptions.LossWindow, LossPlot.CrossEntropyLabel);
            stdout.WriteLine($"plotted {options.Plot}");
        }

        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{task.Name}: loss={Format.R(trainLoss)} val_loss={Format.R(valLoss)} steps={end} params={run.ParameterCount} seconds={Format.Seconds(clock.Elapsed)}"));
        return 0;
    }

    // The first non-finite loss or gradient ends the run: nothing after it would be worth saving.
    private static void CheckStep(TrainingStep step, int number)
    {
        if (!double.IsFinite(step.Loss) || !double.IsFinite(step.GradientNorm))
            throw new RunFailure(string.Create(CultureInfo.InvariantCulture,
                $"training diverged at step {number}: loss {Format.R(step.Loss)}, gradient norm {Format.R(step.GradientNorm)} (learning rate {Format.R(step.LearningRate)}). Nothing was saved; try a smaller --lr."));
    }

    private static double Finite(double value, int step, string what) => double.IsFinite(value) ? value
        : throw new RunFailure(string.Create(CultureInfo.InvariantCulture,
            $"training diverged at step {step}: the {what} is {Format.R(value)}. Nothing was saved; try a smaller --lr."));

    private static GptCheckpoint LoadForResume(GptTask task, string path)
    {
        var checkpoint = GptCheckpoint.Load(path);
        if (checkpoint.Task != task.Name)
            throw new CheckpointException($"{path}: a '{CheckpointException.Shorten(checkpoint.Task)}' checkpoint; `dual train {task.Name}` resumes {task.Name} checkpoints only.");
        return checkpoint.Optimizer is null
            ? throw new CheckpointException($"{path}: it has no optimizer state to resume from.")
            : checkpoint;
    }
}
