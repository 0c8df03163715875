using System.Diagnostics;
using System.Globalization;
using Dual.Models;

namespace Dual.Cli.Commands;

/// <summary>
/// <c>dual train shakespeare</c>: the B5 configuration. A character-level GPT (<see cref="GptConfig.Shakespeare"/>:
/// 4 layers, width 128, 4 heads, block 64) on tiny Shakespeare, batches of 16 windows drawn per step from the training
/// split (seeded by run seed and step), AdamW (peak lr 3e-4, β 0.9/0.999, weight decay 0.1 on 2-D weights) with linear
/// warm-up and cosine decay to a tenth of the peak, gradients clipped to global norm 1. Every <c>--eval-every</c> steps:
/// the training loss (mean of the last 100 steps), the validation loss (mean over <see cref="EvalBatches"/> fixed
/// batches of the validation split) and a short sample. Ends with
/// <c>shakespeare: loss=&lt;train&gt; val_loss=&lt;val&gt; steps=&lt;n&gt; params=&lt;p&gt; seconds=&lt;t&gt;</c>.
/// </summary>
internal static class ShakespeareTraining
{
    /// <summary>The task name saved in checkpoints.</summary>
    public const string Task = "shakespeare";

    /// <summary>The default number of steps (B5's 200: about two minutes here).</summary>
    public const int DefaultSteps = 200;

    /// <summary>The default seed (B5's batches use 55).</summary>
    public const int DefaultSeed = 55;

    /// <summary>Windows per batch (B5).</summary>
    public const int BatchSize = 16;

    /// <summary>AdamW's peak learning rate (B5).</summary>
    public const double PeakLearningRate = 3e-4;

    /// <summary>AdamW's weight decay on 2-D weights (B5).</summary>
    public const double WeightDecay = 0.1;

    /// <summary>The global gradient norm gradients are clipped to.</summary>
    public const double MaxGradNorm = 1.0;

    /// <summary>How many validation batches an evaluation averages.</summary>
    public const int EvalBatches = 4;

    /// <summary>The seed of the validation batches (fixed, so evaluations compare across runs).</summary>
    public const int EvalSeed = 0;

    /// <summary>How many characters each evaluation samples.</summary>
    public const int SampleLength = 100;

    /// <summary>Trains as the options say; returns 0.</summary>
    /// <exception cref="CheckpointException">The checkpoint to resume from is missing, corrupt, or not a shakespeare checkpoint.</exception>
    public static int Run(TextWriter stdout, GptTrainOptions options)
    {
        var clock = Stopwatch.StartNew();
        var resumed = options.Resume is null ? null : LoadForResume(options.Resume);
        var seed = resumed?.IntSetting("seed") ?? options.Seed ?? DefaultSeed;
        var peak = resumed?.DoubleSetting("lr") ?? options.LearningRate ?? PeakLearningRate;
        var start = resumed?.Step ?? 0;
        var steps = options.Steps ?? DefaultSteps;
        var end = checked(start + steps);
        var horizon = Math.Max(resumed?.IntSetting("decay_steps") ?? end, end);
        var warmup = resumed?.IntSetting("warmup_steps") ?? Math.Min(100, Math.Max(1, end / 10));

        var corpus = TextCorpus.Shakespeare();
        var tokenizer = corpus.Tokenizer;
        var config = resumed?.Config ?? GptConfig.Shakespeare with { VocabSize = tokenizer.VocabSize };
        if (resumed is not null && string.Concat(resumed.Tokenizer.Alphabet) != string.Concat(tokenizer.Alphabet))
        {
            throw new CheckpointException($"{options.Resume}: the checkpoint's vocabulary is not that of data/{DataFiles.Shakespeare}.");
        }

        var tokens = Expr.Variable("tokens", [BatchSize, config.BlockSize]);
        var targets = Expr.Variable("targets", [BatchSize, config.BlockSize]);
        var model = Layers.Gpt(tokens, config).Select(logits => Losses.SoftmaxCrossEntropy(logits, targets)).Build();
        var optimizer = new AdamW(LearningRateSchedule.WarmupCosine(peak, warmup, horizon, peak / 10), WeightDecay, 0.9, 0.999, 1e-8);
        var parameters = resumed?.Params ?? model.Init(seed);
        var state = resumed?.Optimizer ?? optimizer.Init(parameters);
        var losses = new List<double>(resumed?.TrainLosses ?? []);
        var points = new List<LossPoint>(resumed?.ValidationLosses ?? []);
        var evalEvery = options.EvalEvery ?? Math.Max(1, steps / 4);
        var evalBatches = Enumerable.Range(0, EvalBatches)
            .Select(i => corpus.Batch(DataSplit.Validation, BatchSize, config.BlockSize, EvalSeed, i).ToEnv()).ToArray();

        stdout.WriteLine($"shakespeare: GPT {config.Layers} layers, width {config.Width}, {config.Heads} heads, block {config.BlockSize}, {model.ParameterCount} parameters; data/{DataFiles.Shakespeare}: {corpus.Tokens(DataSplit.Train).Count} training characters, {corpus.Tokens(DataSplit.Validation).Count} held out, vocabulary {tokenizer.VocabSize}");
        stdout.WriteLine(resumed is null
            ? $"init: Dual's seeded weights (seed {seed}); optimizer: {optimizer}; gradients clipped to norm {Format.R(MaxGradNorm)}"
            : $"resumed from {options.Resume} at step {start}; optimizer: {optimizer}; gradients clipped to norm {Format.R(MaxGradNorm)}");
        stdout.WriteLine($"steps {start + 1}..{end}, batches of {BatchSize}x{config.BlockSize} characters; loss = mean of the last {GptTrainOptions.LossWindow} steps");

        var sampler = new GptSampler(config, parameters);
        if (start == 0)
        {
            points.Add(new LossPoint(0, Evaluate(model, parameters, evalBatches)));
        }

        var stepTimes = new List<double>(steps);
        var session = new TrainingSession(optimizer, parameters, state);
        double valLoss = double.NaN;
        TrainingProgress.Run(stdout, Task, start, end, progress =>
        {
            for (var k = start; k < end; k++)
            {
                var began = clock.Elapsed;
                var batch = corpus.Batch(DataSplit.Train, BatchSize, config.BlockSize, seed, k).ToEnv();
                var step = session.Step(model, batch, MaxGradNorm);
                stepTimes.Add((clock.Elapsed - began).TotalMilliseconds);
                losses.Add(step.Loss);
                progress.Step(k + 1, GptTrainOptions.RunningLoss(losses), step.LearningRate);
                if ((k + 1) % evalEvery == 0 || k + 1 == end)
                {
                    parameters = session.Parameters;
                    valLoss = progress.Untimed(() => Evaluate(model, parameters, evalBatches));
                    points.Add(new LossPoint(k + 1, valLoss));
                    progress.Message($"eval step {k + 1}: loss={Format.Fixed(GptTrainOptions.RunningLoss(losses))} val_loss={Format.Fixed(valLoss)}");
                    var text = progress.Untimed(() => GptSampling.Text(sampler.With(parameters), tokenizer, "\n", SampleLength, GptSampling.TextTemperature, null, seed));
                    progress.Message("sample: " + text.Trim().Replace("\n", " / ", StringComparison.Ordinal));
                }
            }

            return 0;
        });

        (parameters, state) = (session.Parameters, session.State);
        var trainLoss = GptTrainOptions.RunningLoss(losses);
        stepTimes.Sort();
        stdout.WriteLine($"step_ms = {Format.Fixed(stepTimes[stepTimes.Count / 2])} (median over {stepTimes.Count} steps)");
        if (options.Out is not null)
        {
            var settings = new Dictionary<string, string>
            {
                ["seed"] = seed.ToString(CultureInfo.InvariantCulture),
                ["lr"] = Format.R(peak),
                ["warmup_steps"] = warmup.ToString(CultureInfo.InvariantCulture),
                ["decay_steps"] = horizon.ToString(CultureInfo.InvariantCulture),
            };
            new GptCheckpoint(Task, config, tokenizer, parameters, end, state, optimizer.ToString(), settings, losses, points).Save(options.Out);
            stdout.WriteLine($"saved {options.Out} (step {end})");
        }

        if (options.Plot is not null)
        {
            LossPlot.Save(options.Plot, $"dual train shakespeare: GPT ({model.ParameterCount} parameters)", losses, points, GptTrainOptions.LossWindow, LossPlot.CrossEntropyLabel);
            stdout.WriteLine($"plotted {options.Plot}");
        }

        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"shakespeare: loss={Format.R(trainLoss)} val_loss={Format.R(valLoss)} steps={end} params={model.ParameterCount} seconds={Format.Seconds(clock.Elapsed)}"));
        return 0;
    }

    /// <summary>The mean loss over fixed batches, without gradients.</summary>
    private static double Evaluate(Built<Expr> model, Params parameters, Env[] batches) =>
        batches.Average(batch => Evaluator.Evaluate(model.Value, parameters.ToEnv(batch)).ToScalar());

    private static GptCheckpoint LoadForResume(string path)
    {
        var checkpoint = GptCheckpoint.Load(path);
        if (checkpoint.Task != Task)
        {
            throw new CheckpointException($"{path}: a '{checkpoint.Task}' checkpoint; `dual train shakespeare` resumes shakespeare checkpoints only.");
        }

        return checkpoint.Optimizer is null
            ? throw new CheckpointException($"{path}: it has no optimizer state to resume from.")
            : checkpoint;
    }
}
