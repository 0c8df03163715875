using System.Globalization;
using Dual.Models;

namespace Dual.Cli.Commands;

/// <summary>
/// <c>dual train names</c>: microgpt's set-up with Dual's own layers, one configuration of <see cref="GptTraining"/>.
/// <see cref="GptConfig.MicroGpt"/> (4,192 parameters), one name per step (<see cref="MicroGptTrainer"/>), microgpt's
/// Adam with the learning rate decaying linearly to 0 over max(1000, steps) steps, on the names data set (or the
/// lines of <c>--data FILE</c>; shuffled with seed 42 as microgpt does, 90% to train, 10% held out) from Dual's seeded
/// initial weights; or, with <c>--init golden</c>, microgpt's own initial weights and name order from its golden trace,
/// checked step by step against microgpt's losses. Then the validation loss, 20 names sampled at temperature 0.5, and
/// the summary line.
/// </summary>
internal sealed class NamesTraining : GptTask
{
    /// <summary>The task name saved in checkpoints.</summary>
    public const string Task = "names";

    /// <summary>The default seed (microgpt's).</summary>
    public const int DefaultSeedValue = 42;

    /// <summary>How many names are sampled at the end (microgpt's 20).</summary>
    public const int Samples = 20;

    /// <summary>The seed of the shuffle that orders and splits the names (fixed, so validation losses of different runs compare).</summary>
    public const int DataSeed = 42;

    /// <summary>The <c>--init</c> value for Dual's seeded initial weights.</summary>
    public const string SeededInit = "seed";

    /// <summary>The <c>--init</c> value that replays microgpt's golden trace.</summary>
    public const string GoldenInit = "golden";

    /// <summary>The <c>data</c> setting of a run on the user's <c>--data</c> file (its path is saved as <c>data_file</c>).</summary>
    public const string FileData = "file";

    /// <summary>The one instance.</summary>
    public static NamesTraining Instance { get; } = new();

    /// <inheritdoc/>
    public override string Name => Task;

    /// <inheritdoc/>
    public override int DefaultSeed => DefaultSeedValue;

    /// <inheritdoc/>
    public override int DefaultSteps => MicroGptTrainer.MicroGptSteps;

    /// <inheritdoc/>
    public override double DefaultLearningRate => MicroGptTrainer.MicroGptLearningRate;

    /// <inheritdoc/>
    public override bool HasWarmup => false;

    /// <inheritdoc/>
    public override GptSchedule NewSchedule(int seed, double peak, int steps) => new(seed, peak, 0, Math.Max(MicroGptTrainer.MicroGptSteps, steps));

    /// <inheritdoc/>
    public override int DefaultEvalEvery(int steps, int end) => Math.Max(1, end / 10);

    /// <inheritdoc/>
    public override GptRun Prepare(GptTrainOptions options, GptCheckpoint? resumed, GptSchedule schedule)
    {
        if (resumed is { Tokenizer.HasBos: false })
            throw new CheckpointException($"{options.Resume}: its tokenizer has no BOS token, which names models start and end every name with.");
        var data = options.Data is not null ? FileData
            : resumed is null ? (options.Init == GoldenInit ? GoldenInit : Task)
            : resumed.Settings.GetValueOrDefault("data", Task);
        var file = options.Data ?? (data == FileData ? resumed?.Settings.GetValueOrDefault("data_file") : null);
        var settings = new Dictionary<string, string>(StringComparer.Ordinal) { ["data"] = data };

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
            DocumentCorpus corpus;
            if (data == FileData)
            {
                if (file is null) throw new RunFailure("The checkpoint was trained on a --data file whose path it does not hold; give --data FILE.");
                var text = CorpusFile.ReadText(file);
                corpus = DocumentCorpus.FromDocuments(text.Split('\n'), DataSeed);
                settings["data_file"] = Path.GetFullPath(file);
                if (corpus.Documents(DataSplit.Validation).Count == 0)
                    throw new RunFailure($"Data file '{file}' has {corpus.Documents(DataSplit.Train).Count} non-blank line(s): too few to hold out a tenth for validation.");
            }
            else
            {
                corpus = DocumentCorpus.Names(seed: DataSeed);
            }

            tokenizer = corpus.Tokenizer;
            train = corpus.Documents(DataSplit.Train);
            validation = corpus.Documents(DataSplit.Validation);
            source = $"{(file is null ? $"data/{DataFiles.Names}" : file)}: {train.Count} training names, {validation.Count} held out";
        }

        if (resumed is not null)
        {
            // The checkpoint's tokenizer numbers the characters; the data may use fewer of them, not others.
            if (CorpusFile.Unknown(resumed.Tokenizer, string.Concat(train.Concat(validation))) is { } unknown)
                throw new RunFailure($"{file ?? "the data"} has characters the checkpoint's tokenizer lacks: {unknown}.");
            tokenizer = resumed.Tokenizer;
        }

        var config = resumed?.Config ?? GptConfig.MicroGpt with { VocabSize = tokenizer.VocabSize };
        var trainer = new MicroGptTrainer(config, tokenizer, train, MicroGptTrainer.MicroGptAdam(schedule.DecaySteps, schedule.PeakLearningRate));
        return new Run(trainer, validation, golden, source, settings);
    }

    private sealed class Run(MicroGptTrainer trainer, IReadOnlyList<string> validation, MicroGptGolden? golden, string source, Dictionary<string, string> settings) : GptRun
    {
        private double _goldenDiff;

        public override GptConfig Config => trainer.Config;

        public override CharTokenizer Tokenizer => trainer.Tokenizer;

        public override long ParameterCount => trainer.ParameterCount;

        public override IOptimizer Optimizer => trainer.Optimizer;

        public override IReadOnlyDictionary<string, string> DataSettings => settings;

        public override string Header =>
            $"names: GPT {Config.Layers} {(Config.Layers == 1 ? "layer" : "layers")}, width {Config.Width}, {Config.Heads} heads, block {Config.BlockSize}, {ParameterCount} parameters; {source}";

        public override string StepDescription => "one name per step";

        public override string PlotTitle => $"dual train names: microgpt ({ParameterCount} parameters)";

        public override string InitDescription(int seed) => golden is null ? $"Dual's seeded weights (seed {seed})" : "microgpt's golden weights";

        public override Params InitialParameters(int seed) => golden?.Init ?? trainer.Init(seed);

        public override TrainingStep Step(TrainingSession session, int k) => trainer.Step(session);

        public override double Evaluate(Params parameters) => trainer.MeanLoss(parameters, validation);

        public override void AfterStep(int k, double loss)
        {
            if (golden is not null && k < golden.Losses.Count)
            {
                _goldenDiff = Math.Max(_goldenDiff, Math.Abs(loss - golden.Losses[k]));
            }
        }

        public override void Report(TextWriter stdout, GptRunSummary summary)
        {
            var (start, end) = (summary.Start, summary.End);
            stdout.WriteLine($"final_loss = {Format.R(summary.LastLoss)}");
            if (golden is not null)
            {
                var compared = Math.Min(end, golden.Losses.Count) - Math.Min(start, golden.Losses.Count);
                stdout.WriteLine(compared > 0
                    ? $"golden: max |loss - microgpt's| = {Format.Sci(_goldenDiff)} over steps {start + 1}..{Math.Min(end, golden.Losses.Count)}; microgpt's final_loss = {Format.R(golden.Losses[^1])} at step {golden.Losses.Count}"
                    : $"golden: microgpt's trace has {golden.Losses.Count} steps; steps {start + 1}..{end} are past it");
            }

            stdout.WriteLine($"val_loss = {Format.R(summary.ValidationLoss)} (mean over {validation.Count} held-out names)");
            var sampler = new GptSampler(Config, summary.Parameters);
            stdout.WriteLine($"samples (temperature {Format.R(GptSampling.NamesTemperature)}, seed {summary.Seed}):");
            var names = GptSampling.Names(sampler, Tokenizer, "", Samples, null, GptSampling.NamesTemperature, null, summary.Seed);
            for (var i = 0; i < names.Count; i++)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sample {i + 1,2}: {names[i]}"));
            }
        }
    }
}
