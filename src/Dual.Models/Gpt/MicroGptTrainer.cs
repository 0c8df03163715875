using System.Globalization;

namespace Dual.Models;

/// <summary>
/// microgpt's training, one document per step: step s takes document <c>s mod count</c>, wraps it as
/// <c>[BOS, c₁, …, cₙ, BOS]</c>, uses its first <c>m = min(BlockSize, n + 1)</c> tokens as the context and the
/// <c>m</c> after each as the targets, and minimises the mean over the m positions of −log softmax(logits)[target].
/// Shapes are static: one loss graph per length m (1 … BlockSize), built on first use and cached, all over the same
/// parameter variables; <see cref="Trainer.Compile"/> compiles each graph's gradient once. Pure: parameters and
/// optimizer states are never changed; <see cref="Step(Params, OptimizerState)"/> returns new ones, and
/// <see cref="Step(TrainingSession)"/> advances a session, which owns its arrays. Safe to use from several threads
/// (a session belongs to one).
/// </summary>
public sealed class MicroGptTrainer
{
    /// <summary>The name of the context input (token ids, <c>[m]</c>) in every loss graph.</summary>
    public const string TokensInput = "tokens";

    /// <summary>The name of the targets input (token ids, <c>[m]</c>) in every loss graph.</summary>
    public const string TargetsInput = "targets";

    /// <summary>microgpt's number of steps (and the default length of its learning-rate decay).</summary>
    public const int MicroGptSteps = 1000;

    /// <summary>microgpt's learning rate at step 0.</summary>
    public const double MicroGptLearningRate = 0.01;

    private readonly Built<Expr>?[] _losses;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(int Rows, int Length), Built<Expr>> _batchLosses = new();

    /// <summary>A trainer of a GPT with <paramref name="config"/> on <paramref name="documents"/> (in training order).</summary>
    /// <exception cref="ArgumentException">The tokenizer has no BOS token or its vocabulary is not the config's, or there are no documents.</exception>
    public MicroGptTrainer(GptConfig config, CharTokenizer tokenizer, IReadOnlyList<string> documents, IOptimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(optimizer);
        config.Validate();
        if (!tokenizer.HasBos)
            throw new ArgumentException("The tokenizer needs a BOS token to wrap the documents (CharTokenizer.FromText(..., withBos: true)).", nameof(tokenizer));
        if (tokenizer.VocabSize != config.VocabSize)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The tokenizer has {tokenizer.VocabSize} token ids but the config's VocabSize is {config.VocabSize}."), nameof(tokenizer));
        if (documents.Count == 0) throw new ArgumentException("There are no documents to train on.", nameof(documents));
        (Config, Tokenizer, Documents, Optimizer) = (config, tokenizer, documents, optimizer);
        _losses = new Built<Expr>?[config.BlockSize];
        Parameters = LossModel(1).Parameters;
    }

    /// <summary>
    /// microgpt's optimizer: Adam with β₁ 0.85, β₂ 0.99, ε 1e-8 and bias correction, learning rate
    /// <c>η·(1 − k/<paramref name="decaySteps"/>)</c> at update k (0 from then on) with η = <paramref name="learningRate"/>
    /// (microgpt: 0.01 over 1000 steps), computed as microgpt computes it.
    /// </summary>
    public static Adam MicroGptAdam(int decaySteps = MicroGptSteps, double learningRate = MicroGptLearningRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(decaySteps);
        LearningRateSchedule.CheckRate(learningRate, nameof(learningRate));
        var schedule = LearningRateSchedule.Custom(
            k => Math.Max(0.0, learningRate * (1 - (double)k / decaySteps)),
            string.Create(CultureInfo.InvariantCulture, $"{learningRate:R}*(1 - k/{decaySteps})"));
        return new Adam(schedule, beta1: 0.85, beta2: 0.99, epsilon: 1e-8);
    }

    /// <summary>The trainer of microgpt's golden run: <see cref="GptConfig.MicroGpt"/>, the trace's documents in order, <see cref="MicroGptAdam"/>.</summary>
    public static MicroGptTrainer ForGolden(MicroGptGolden golden)
    {
        ArgumentNullException.ThrowIfNull(golden);
        return new MicroGptTrainer(GptConfig.MicroGpt, golden.Tokenizer(), golden.Documents, MicroGptAdam());
    }

    /// <summary>The model's configuration.</summary>
    public GptConfig Config { get; }

    /// <summary>The tokenizer (with BOS).</summary>
    public CharTokenizer Tokenizer { get; }

    /// <summary>The training documents, in training order.</summary>
    public IReadOnlyList<string> Documents { get; }

    /// <summary>The optimizer.</summary>
    public IOptimizer Optimizer { get; }

    /// <summary>The model's parameters, in declaration order (see <see cref="Layers.Gpt"/>).</summary>
    public IReadOnlyList<ParamSpec> Parameters { get; }

    /// <summary>The number of scalar parameters.</summary>
    public long ParameterCount => Parameters.Sum(p => (long)p.Shape.Size);

    /// <summary>Dual's seeded initial parameters (<see cref="Built{T}.Init"/>).</summary>
    public Params Init(int seed) => LossModel(1).Init(seed);

    /// <summary>The optimizer state before the first step.</summary>
    public OptimizerState InitState(Params parameters) => Optimizer.Init(parameters);

    /// <summary>A document as tokens: <c>[BOS, c₁, …, cₙ, BOS]</c>.</summary>
    /// <exception cref="ArgumentException">A character is not in the vocabulary.</exception>
    public int[] Tokens(string document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return [Tokenizer.Bos, .. Tokenizer.Encode(document), Tokenizer.Bos];
    }

    /// <summary>The tokens of step <paramref name="step"/>'s document, <c>Documents[step mod count]</c>.</summary>
    public int[] TokensAt(int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return Tokens(Documents[step % Documents.Count]);
    }

    /// <summary>
    /// The loss graph for sequences of <paramref name="length"/> positions: inputs <see cref="TokensInput"/> and
    /// <see cref="TargetsInput"/> of shape <c>[length]</c>, value the mean cross-entropy. Built once per length.
    /// </summary>
    public Built<Expr> LossModel(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Config.BlockSize);
        var cached = Volatile.Read(ref _losses[length - 1]);
        if (cached is not null) return cached;
        var tokens = Expr.Variable(TokensInput, [length]);
        var targets = Expr.Variable(TargetsInput, [length]);
        var built = Layers.Gpt(tokens, Config).Select(logits => Losses.SoftmaxCrossEntropy(logits, targets)).Build();
        return Interlocked.CompareExchange(ref _losses[length - 1], built, null) ?? built;
    }

    /// <summary>
    /// The loss on one tokenised document (<c>[BOS, …, BOS]</c>, at least 2 tokens) and its gradients with respect to
    /// every parameter, in declaration order. Only the first <c>min(BlockSize, count − 1)</c> positions are used.
    /// </summary>
    public (double Loss, Params Gradients) ValueAndGrad(Params parameters, IReadOnlyList<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var (loss, batch) = Batch(tokens);
        return Trainer.ValueAndGrad(loss, parameters, batch);
    }

    /// <summary>The loss on one tokenised document, without gradients.</summary>
    public double Loss(Params parameters, IReadOnlyList<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var (loss, batch) = Batch(tokens);
        parameters.Validate(loss.Parameters);
        return Evaluator.Evaluate(loss.Value, parameters.ToEnv(batch)).ToScalar();
    }

    /// <summary>
    /// One training step: the document of step <c>state.Step</c>, its loss and gradients at <paramref name="parameters"/>,
    /// and the optimizer's update. Returns the new parameters and state and the loss before the update.
    /// </summary>
    public (Params Params, OptimizerState State, double Loss) Step(Params parameters, OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(state);
        var (loss, gradients) = ValueAndGrad(parameters, TokensAt(state.Step));
        var (next, nextState) = Optimizer.Update(parameters, gradients, state);
        return (next, nextState, loss);
    }

    /// <summary>A training session with this trainer's optimizer, starting from <paramref name="parameters"/> (and <paramref name="state"/>, by default the optimizer's initial state).</summary>
    public TrainingSession Session(Params parameters, OptimizerState? state = null) => new(Optimizer, parameters, state);

    /// <summary>
    /// One training step of <paramref name="session"/>: the document of step <c>session.StepCount</c>, its loss and
    /// gradients at the session's parameters, and the session's optimizer update (in place once the session owns its
    /// arrays). The same numbers as <see cref="Step(Params, OptimizerState)"/>.
    /// </summary>
    public TrainingStep Step(TrainingSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var (loss, batch) = Batch(TokensAt(session.StepCount));
        return session.Step(loss, batch);
    }

    /// <summary>
    /// The mean over <paramref name="documents"/> of each document's loss (its mean over positions): the validation
    /// loss. Documents of equal length are evaluated together in batches of up to 512, whose graphs are cached, so
    /// evaluating the same documents again reuses them.
    /// </summary>
    /// <exception cref="ArgumentException">There are no documents, or a character is not in the vocabulary.</exception>
    public double MeanLoss(Params parameters, IEnumerable<string> documents)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(documents);
        const int chunk = 512;
        var total = 0.0;
        var count = 0;
        foreach (var group in documents.Select(Tokens).GroupBy(t => Math.Min(Config.BlockSize, t.Length - 1)).OrderBy(g => g.Key))
        {
            var length = group.Key;
            foreach (var rows in group.Chunk(chunk))
            {
                var shape = Shape.Of(rows.Length, length);
                var context = Tensor.Generate(shape, i => rows[i / length][i % length]);
                var targets = Tensor.Generate(shape, i => rows[i / length][i % length + 1]);
                var loss = _batchLosses.GetOrAdd((rows.Length, length), key =>
                    Layers.Gpt(Expr.Variable(TokensInput, [key.Rows, key.Length]), Config)
                        .Select(logits => Losses.SoftmaxCrossEntropy(logits, Expr.Variable(TargetsInput, [key.Rows, key.Length]))).Build());
                parameters.Validate(loss.Parameters);
                var env = Env.Of(parameters).With(Env.Of((TokensInput, context), (TargetsInput, targets)));
                total += Evaluator.Evaluate(loss.Value, env).ToScalar() * rows.Length;
                count += rows.Length;
            }
        }
        return count > 0 ? total / count : throw new ArgumentException("There are no documents to evaluate.", nameof(documents));
    }

    // The loss graph for the tokens' length and the batch that binds its context and targets.
    private (Built<Expr> Loss, Env Batch) Batch(IReadOnlyList<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Count < 2)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"A training sequence needs at least 2 tokens (a context and a target); got {tokens.Count}."), nameof(tokens));
        var length = Math.Min(Config.BlockSize, tokens.Count - 1);
        var context = Tensor.Generate([length], t => tokens[t]);
        var targets = Tensor.Generate([length], t => tokens[t + 1]);
        return (LossModel(length), Env.Of((TokensInput, context), (TargetsInput, targets)));
    }
}
