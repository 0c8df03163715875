using System.Diagnostics;
using System.Globalization;
using Dual.Models;

namespace Dual.Cli.Commands;

/// <summary>
/// <c>dual train names</c>: microgpt's set-up with Dual's own layers. <see cref="GptConfig.MicroGpt"/> (4,192 parameters),
/// one name per step (<see cref="MicroGptTrainer"/>), microgpt's Adam with the learning rate decaying linearly to 0 over
/// max(1000, steps) steps, on <c>data/names.txt</c> (shuffled with seed 42 as microgpt does, 90% to train, 10% held out)
/// from Dual's seeded initial weights; or, with <c>--init golden</c>, microgpt's own initial weights and name order from
/// <c>data/golden/microgpt-seed42</c>, checked step by step against microgpt's losses. Then the validation loss, 20
/// names sampled at temperature 0.5, and the line
/// <c>names: loss=&lt;mean of the last 100 steps&gt; val_loss=&lt;v&gt; steps=&lt;n&gt; params=&lt;p&gt; seconds=&lt;t&gt;</c>.
/// </summary>
internal static class NamesTraining
{
    /// <summary>The task name saved in checkpoints.</summary>
    public const string Task = "names";

    /// <summary>The default seed (microgpt's).</summary>
    public const int DefaultSeed = 42;

    /// <summary>How many names are sampled at the end (microgpt's 20).</summary>
    public const int Samples = 20;

    /// <summary>The seed of the shuffle that orders and splits names.txt (fixed, so validation losses of different runs compare).</summary>
    public const int DataSeed = 42;

    /// <summary>The <c>--init</c> value for Dual's seeded initial weights.</summary>
    public const string SeededInit = "seed";

    /// <summary>The <c>--init</c> value that replays microgpt's golden trace.</summary>
    public const string GoldenInit = "golden";

    /// <summary>Trains, evaluates, samples, saves and plots as the options say; returns 0.</summary>
    /// <exception cref="CheckpointException">The checkpoint to resume from is missing, corrupt, or not a names checkpoint.</exception>
    public static int Run(TextWriter stdout, GptTrainOptions options)
    {
        var clock = Stopwatch.StartNew();
        var resumed = options.Resume is null ? null : LoadForResume(options.Resume);
        var data = resumed is null ? (options.Init == GoldenInit ? GoldenInit : Task) : resumed.Settings.GetValueOrDefault("data", Task);
        var seed = resumed?.IntSetting("seed") ?? options.Seed ?? DefaultSeed;
        var peak = resumed?.DoubleSetting("lr") ?? options.LearningRate ?? MicroGptTrainer.MicroGptLearningRate;
        var start = resumed?.Step ?? 0;
        var steps = options.Steps ?? MicroGptTrainer.MicroGptSteps;
        var end = checked(start + steps);
        var decay = Math.Max(resumed?.IntSetting("decay_steps") ?? MicroGptTrainer.MicroGptSteps, end);

        MicroGptGolden? golden = null;
        CharTokenizer tokenizer;
        IReadOnlyList<string> train;
        IReadOnlyList<string> validation;
        string source;
        if (data == GoldenInit)
        {
            golden = MicroGptGolden.Load();
            tokenizer = golden.Tokenizer();
            train = golden.Documents;
            validation = golden.Documents.Skip((int)(golden.Documents.Count * 0.9)).ToArray();
            source = $"data/{DataFiles.MicroGptGolden}: microgpt's {train.Count} names in its order; validation: the last {validation.Count}";
        }
        else
        {
            var corpus = DocumentCorpus.Names(seed: DataSeed);
            tokenizer = corpus.Tokenizer;
            train = corpus.Documents(DataSplit.Train);
            validation = corpus.Documents(DataSplit.Validation);
            source = $"data/{DataFiles.Names}: {train.Count} training names, {validation.Count} held out";
        }

        var config = resumed?.Config ?? GptConfig.MicroGpt;
        if (resumed is not null && string.Concat(resumed.Tokenizer.Alphabet) != string.Concat(tokenizer.Alphabet))
        {
            throw new CheckpointException($"{options.Resume}: the checkpoint's vocabulary \"{string.Concat(resumed.Tokenizer.Alphabet)}\" is not that of the data (\"{string.Concat(tokenizer.Alphabet)}\").");
        }

        var trainer = new MicroGptTrainer(config, tokenizer, train, MicroGptTrainer.MicroGptAdam(decay, peak));
        var parameters = resumed?.Params ?? golden?.Init ?? trainer.Init(seed);
        var state = resumed?.Optimizer ?? trainer.InitState(parameters);
        var losses = new List<double>(resumed?.TrainLosses ?? []);
        var points = new List<LossPoint>(resumed?.ValidationLosses ?? []);
        var evalEvery = options.EvalEvery ?? Math.Max(1, end / 10);

        stdout.WriteLine($"names: GPT {config.Layers} {(config.Layers == 1 ? "layer" : "layers")}, width {config.Width}, {config.Heads} heads, block {config.BlockSize}, {trainer.ParameterCount} parameters; {source}");
        stdout.WriteLine(resumed is null
            ? $"init: {(golden is null ? $"Dual's seeded weights (seed {seed})" : "microgpt's golden weights")}; optimizer: {trainer.Optimizer}"
            : $"resumed from {options.Resume} at step {start}; optimizer: {trainer.Optimizer}");
        stdout.WriteLine($"steps {start + 1}..{end}, one name per step; loss = mean of the last {GptTrainOptions.LossWindow} steps");

        if (start == 0)
        {
            points.Add(new LossPoint(0, trainer.MeanLoss(parameters, validation)));
        }

        var goldenDiff = 0.0;
        var lastLoss = double.NaN;
        var session = trainer.Session(parameters, state);
        TrainingProgress.Run(stdout, Task, start, end, progress =>
        {
            for (var k = start; k < end; k++)
            {
                var lr = trainer.Optimizer.LearningRate.At(k);
                lastLoss = trainer.Step(session).Loss;
                losses.Add(lastLoss);
                if (golden is not null && k < golden.Losses.Count)
                {
                    goldenDiff = Math.Max(goldenDiff, Math.Abs(lastLoss - golden.Losses[k]));
                }

                progress.Step(k + 1, GptTrainOptions.RunningLoss(losses), lr);
                if ((k + 1) % evalEvery == 0 && k + 1 < end)
                {
                    var val = progress.Untimed(() => trainer.MeanLoss(session.Parameters, validation));
                    points.Add(new LossPoint(k + 1, val));
                    progress.Message($"eval step {k + 1}: loss={Format.Fixed(GptTrainOptions.RunningLoss(losses))} val_loss={Format.Fixed(val)}");
                }
            }

            return 0;
        });

        (parameters, state) = (session.Parameters, session.State);
        var valLoss = trainer.MeanLoss(parameters, validation);
        points.Add(new LossPoint(end, valLoss));
        var trainLoss = GptTrainOptions.RunningLoss(losses);
        stdout.WriteLine($"final_loss = {Format.R(lastLoss)}");
        if (golden is not null)
        {
            var compared = Math.Min(end, golden.Losses.Count) - Math.Min(start, golden.Losses.Count);
            stdout.WriteLine(compared > 0
                ? $"golden: max |loss - microgpt's| = {Format.Sci(goldenDiff)} over steps {start + 1}..{Math.Min(end, golden.Losses.Count)}; microgpt's final_loss = {Format.R(golden.Losses[^1])} at step {golden.Losses.Count}"
                : $"golden: microgpt's trace has {golden.Losses.Count} steps; steps {start + 1}..{end} are past it");
        }

        stdout.WriteLine($"val_loss = {Format.R(valLoss)} (mean over {validation.Count} held-out names)");
        var sampler = new GptSampler(config, parameters);
        stdout.WriteLine($"samples (temperature {Format.R(GptSampling.NamesTemperature)}, seed {seed}):");
        var names = GptSampling.Names(sampler, tokenizer, "", Samples, null, GptSampling.NamesTemperature, null, seed);
        for (var i = 0; i < names.Count; i++)
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sample {i + 1,2}: {names[i]}"));
        }

        if (options.Out is not null)
        {
            var settings = new Dictionary<string, string>
            {
                ["data"] = data,
                ["seed"] = seed.ToString(CultureInfo.InvariantCulture),
                ["lr"] = Format.R(peak),
                ["decay_steps"] = decay.ToString(CultureInfo.InvariantCulture),
            };
            new GptCheckpoint(Task, config, tokenizer, parameters, end, state, trainer.Optimizer.ToString(), settings, losses, points).Save(options.Out);
            stdout.WriteLine($"saved {options.Out} (step {end})");
        }

        if (options.Plot is not null)
        {
            LossPlot.Save(options.Plot, $"dual train names: microgpt ({trainer.ParameterCount} parameters)", losses, points, GptTrainOptions.LossWindow, LossPlot.CrossEntropyLabel);
            stdout.WriteLine($"plotted {options.Plot}");
        }

        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"names: loss={Format.R(trainLoss)} val_loss={Format.R(valLoss)} steps={end} params={trainer.ParameterCount} seconds={Format.Seconds(clock.Elapsed)}"));
        return 0;
    }

    private static GptCheckpoint LoadForResume(string path)
    {
        var checkpoint = GptCheckpoint.Load(path);
        if (checkpoint.Task != Task)
        {
            throw new CheckpointException($"{path}: a '{checkpoint.Task}' checkpoint; `dual train names` resumes names checkpoints only.");
        }

        return checkpoint.Optimizer is null
            ? throw new CheckpointException($"{path}: it has no optimizer state to resume from.")
            : checkpoint;
    }
}
