using Dual.Models;

namespace Dual.Cli.Commands;

/// <summary>
/// <c>dual train shakespeare</c>: the B5 configuration of <see cref="GptTraining"/>. A character-level GPT
/// (<see cref="GptConfig.Shakespeare"/>: 4 layers, width 128, 4 heads, block 64) on tiny Shakespeare (or the text of
/// <c>--data FILE</c>), batches of 16 windows drawn per step from the training split (seeded by run seed and step), AdamW
/// (peak lr 3e-4, β 0.9/0.999, weight decay 0.1 on 2-D weights) with linear warm-up and cosine decay to a tenth of the
/// peak, gradients clipped to global norm 1. Every <c>--eval-every</c> steps: the training loss (mean of the last 100
/// steps), the validation loss (mean over <see cref="EvalBatches"/> fixed batches of the validation split) and a short sample.
/// </summary>
internal sealed class ShakespeareTraining : GptTask
{
    /// <summary>The task name saved in checkpoints.</summary>
    public const string Task = "shakespeare";

    /// <summary>The default number of steps (B5's 200: about two minutes here).</summary>
    public const int DefaultStepCount = 200;

    /// <summary>The default seed (B5's batches use 55).</summary>
    public const int DefaultSeedValue = 55;

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

    /// <summary>The one instance.</summary>
    public static ShakespeareTraining Instance { get; } = new();

    /// <inheritdoc/>
    public override string Name => Task;

    /// <inheritdoc/>
    public override int DefaultSeed => DefaultSeedValue;

    /// <inheritdoc/>
    public override int DefaultSteps => DefaultStepCount;

    /// <inheritdoc/>
    public override double DefaultLearningRate => PeakLearningRate;

    /// <inheritdoc/>
    public override bool HasWarmup => true;

    /// <inheritdoc/>
    public override GptSchedule NewSchedule(int seed, double peak, int steps) => new(seed, peak, Math.Min(100, Math.Max(1, steps / 10)), steps);

    /// <inheritdoc/>
    public override int DefaultEvalEvery(int steps, int end) => Math.Max(1, steps / 4);

    /// <inheritdoc/>
    public override GptRun Prepare(GptTrainOptions options, GptCheckpoint? resumed, GptSchedule schedule)
    {
        if (resumed is { Tokenizer.HasBos: true })
            throw new CheckpointException($"{options.Resume}: its tokenizer has a BOS token; shakespeare models read running text without one.");
        var file = options.Data ?? (resumed?.Settings.GetValueOrDefault("data") == NamesTraining.FileData ? resumed.Settings.GetValueOrDefault("data_file") : null);
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        TextCorpus corpus;
        if (file is not null)
        {
            var text = CorpusFile.ReadText(file);
            if (resumed is not null && CorpusFile.Unknown(resumed.Tokenizer, text) is { } unknown)
                throw new RunFailure($"{file} has characters the checkpoint's tokenizer lacks: {unknown}.");
            corpus = resumed is null ? TextCorpus.FromText(text) : TextCorpus.FromText(text, resumed.Tokenizer);
            settings["data"] = NamesTraining.FileData;
            settings["data_file"] = Path.GetFullPath(file);
        }
        else
        {
            corpus = TextCorpus.Shakespeare();
            if (resumed is not null)
            {
                if (CorpusFile.Unknown(resumed.Tokenizer, string.Concat(corpus.Tokenizer.Alphabet)) is { } unknown)
                    throw new RunFailure($"{options.Resume}: tiny Shakespeare has characters the checkpoint's tokenizer lacks: {unknown}.");
                if (string.Concat(resumed.Tokenizer.Alphabet) != string.Concat(corpus.Tokenizer.Alphabet))
                    throw new CheckpointException($"{options.Resume}: the checkpoint's vocabulary is not that of data/{DataFiles.Shakespeare}.");
            }
        }

        var config = resumed?.Config ?? GptConfig.Shakespeare with { VocabSize = corpus.Tokenizer.VocabSize };
        foreach (var split in new[] { DataSplit.Train, DataSplit.Validation })
        {
            var count = corpus.Tokens(split).Count;
            if (count < config.BlockSize + BatchSize)
                throw new RunFailure($"{file ?? "the data"}: its {split.ToString().ToLowerInvariant()} split has {count} characters, too few for batches of {BatchSize} windows of {config.BlockSize + 1}.");
        }

        var tokens = Expr.Variable("tokens", [BatchSize, config.BlockSize]);
        var targets = Expr.Variable("targets", [BatchSize, config.BlockSize]);
        var model = Layers.Gpt(tokens, config).Select(logits => Losses.SoftmaxCrossEntropy(logits, targets)).Build();
        var optimizer = new AdamW(LearningRateSchedule.WarmupCosine(schedule.PeakLearningRate, schedule.WarmupSteps, schedule.DecaySteps, schedule.PeakLearningRate / 10), WeightDecay, 0.9, 0.999, 1e-8);
        var evalBatches = Enumerable.Range(0, EvalBatches).Select(i => corpus.Batch(DataSplit.Validation, BatchSize, config.BlockSize, EvalSeed, i).ToEnv()).ToArray();
        var source = file ?? $"data/{DataFiles.Shakespeare}";
        return new Run(model, optimizer, corpus, config, evalBatches, source, settings, schedule.Seed);
    }

    private sealed class Run(Built<Expr> model, AdamW optimizer, TextCorpus corpus, GptConfig config, Env[] evalBatches, string source, Dictionary<string, string> settings, int seed) : GptRun
    {
        private GptSampler? _sampler;

        public override GptConfig Config => config;

        public override CharTokenizer Tokenizer => corpus.Tokenizer;

        public override long ParameterCount => model.ParameterCount;

        public override IOptimizer Optimizer => optimizer;

        public override IReadOnlyDictionary<string, string> DataSettings => settings;

        public override string Header =>
            $"shakespeare: GPT {config.Layers} layers, width {config.Width}, {config.Heads} heads, block {config.BlockSize}, {model.ParameterCount} parameters; {source}: {corpus.Tokens(DataSplit.Train).Count} training characters, {corpus.Tokens(DataSplit.Validation).Count} held out, vocabulary {corpus.Tokenizer.VocabSize}";

        public override string StepDescription => $"batches of {BatchSize}x{config.BlockSize} characters";

        public override string PlotTitle => $"dual train shakespeare: GPT ({model.ParameterCount} parameters)";

        public override string InitDescription(int seed) => $"Dual's seeded weights (seed {seed}); gradients clipped to norm {Format.R(MaxGradNorm)}";

        public override Params InitialParameters(int seed) => model.Init(seed);

        public override TrainingStep Step(TrainingSession session, int k) =>
            session.Step(model, corpus.Batch(DataSplit.Train, BatchSize, config.BlockSize, seed, k).ToEnv(), MaxGradNorm);

        public override double Evaluate(Params parameters) =>
            evalBatches.Average(batch => Evaluator.Evaluate(model.Value, parameters.ToEnv(batch)).ToScalar());

        public override void AfterEvaluation(Action<string> message, Params parameters, int seed) => message("sample: " + Sample(parameters, seed));

        public override void Report(TextWriter stdout, GptRunSummary summary)
        {
            stdout.WriteLine($"eval step {summary.End}: loss={Format.Fixed(summary.RunningLoss)} val_loss={Format.Fixed(summary.ValidationLoss)}");
            stdout.WriteLine("sample: " + Sample(summary.Parameters, summary.Seed));
            stdout.WriteLine($"step_ms = {Format.Fixed(summary.MedianStepMilliseconds)} (median over {summary.StepCount} steps)");
        }

        private string Sample(Params parameters, int sampleSeed)
        {
            _sampler = _sampler is null ? new GptSampler(config, parameters) : _sampler.With(parameters);
            // A newline starts the sample, as in tiny Shakespeare; a user's text without one starts from its first character.
            var prompt = corpus.Tokenizer.Alphabet.Contains('\n') ? "\n" : corpus.Tokenizer.Decode([corpus.Tokens(DataSplit.Train)[0]]);
            var text = GptSampling.Text(_sampler, corpus.Tokenizer, prompt, SampleLength, GptSampling.TextTemperature, null, sampleSeed);
            return text.Trim().Replace("\n", " / ", StringComparison.Ordinal);
        }
    }
}
