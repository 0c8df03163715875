using System.Globalization;

namespace Dual.Models;

/// <summary>
/// Generates tokens from a trained GPT (<see cref="Layers.Gpt"/>): at each step the logits of the last position
/// of the context (the last <see cref="GptConfig.BlockSize"/> tokens), divided by the temperature, optionally cut to
/// the k largest, turned into probabilities by softmax, and one token drawn. One forward graph per context length,
/// built on first use. Seeded draws use MathNet's Mersenne Twister, so a seed gives the same text on every machine.
/// </summary>
public sealed class GptSampler
{
    /// <summary>The name of the token input of the forward graphs.</summary>
    public const string TokensInput = "tokens";

    private readonly Expr?[] _logits;
    private readonly Env _parameters;

    /// <summary>A sampler of the GPT with <paramref name="config"/> and trained <paramref name="parameters"/>.</summary>
    /// <exception cref="ArgumentException">The parameters are not those the config declares (missing, extra or wrong shape).</exception>
    public GptSampler(GptConfig config, Params parameters)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(parameters);
        config.Validate();
        Config = config;
        _logits = new Expr?[config.BlockSize];
        var first = Layers.Gpt(Expr.Variable(TokensInput, [1]), config).Build();
        parameters.Validate(first.Parameters);
        _logits[0] = first.Value;
        _specs = first.Parameters;
        _parameters = parameters.ToEnv();
    }

    private GptSampler(GptSampler other, Params parameters)
    {
        parameters.Validate(other._specs);
        (Config, _logits, _specs, _parameters) = (other.Config, other._logits, other._specs, parameters.ToEnv());
    }

    private readonly IReadOnlyList<ParamSpec> _specs;

    /// <summary>A sampler of the same model with other parameter values (e.g. later in training), sharing the built forward graphs and their plans.</summary>
    /// <exception cref="ArgumentException">The parameters are not those the config declares.</exception>
    public GptSampler With(Params parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return new GptSampler(this, parameters);
    }

    /// <summary>The model's configuration.</summary>
    public GptConfig Config { get; }

    /// <summary>The logits <c>[VocabSize]</c> of the token after <paramref name="context"/> (of which only the last BlockSize tokens are used).</summary>
    /// <exception cref="ArgumentException">The context is empty or has an id outside the vocabulary.</exception>
    public double[] NextLogits(IReadOnlyList<int> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Count == 0) throw new ArgumentException("The context must have at least one token.", nameof(context));
        var length = Math.Min(context.Count, Config.BlockSize);
        var start = context.Count - length;
        for (var i = start; i < context.Count; i++)
        {
            if (context[i] < 0 || context[i] >= Config.VocabSize)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Token id {context[i]} at position {i} is outside the vocabulary (0 to {Config.VocabSize - 1})."), nameof(context));
        }
        var tokens = Tensor.Generate([length], t => context[start + t]);
        var logits = Evaluator.Evaluate(Forward(length), _parameters.With(TokensInput, tokens));
        return logits.Span.Slice((length - 1) * Config.VocabSize, Config.VocabSize).ToArray();
    }

    /// <summary>
    /// Draws up to <paramref name="maxTokens"/> tokens after <paramref name="context"/>, each fed back as context, and
    /// stops early after drawing <paramref name="stopToken"/> (which is not returned). The same arguments give the same tokens.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The temperature is not finite and &gt; 0, or top-k is outside 1 … VocabSize.</exception>
    /// <exception cref="ArithmeticException">The model's logits are not finite (see <see cref="Draw"/>).</exception>
    public int[] Generate(IReadOnlyList<int> context, int maxTokens, double temperature, int? topK, int seed, int? stopToken = null) =>
        Generate(context, maxTokens, temperature, topK, CreateRandom(seed), stopToken);

    /// <summary>
    /// As <see cref="Generate(IReadOnlyList{int}, int, double, int?, int, int?)"/>, drawing from <paramref name="random"/>
    /// (so that several generations can share one seeded stream).
    /// </summary>
    public int[] Generate(IReadOnlyList<int> context, int maxTokens, double temperature, int? topK, System.Random random, int? stopToken = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(maxTokens);
        CheckSampling(temperature, topK, Config.VocabSize);
        var all = new List<int>(context);
        var drawn = new List<int>(Math.Min(maxTokens, 4096)); // grown as drawn: a large limit reserves nothing up front
        while (drawn.Count < maxTokens)
        {
            var next = Draw(NextLogits(all), temperature, topK, random);
            if (next == stopToken) break;
            drawn.Add(next);
            all.Add(next);
        }
        return [.. drawn];
    }

    /// <summary>The generator the seeded overloads use: MathNet's Mersenne Twister, the same sequence for a seed on every machine.</summary>
    public static System.Random CreateRandom(int seed) => SeededRandom.Create(seed);

    /// <summary>
    /// Draws one index from softmax(<paramref name="logits"/> / <paramref name="temperature"/>), keeping only the
    /// <paramref name="topK"/> largest logits if given (ties with the k-th are kept too).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The temperature is not finite and &gt; 0, or top-k is outside 1 … logits length.</exception>
    /// <exception cref="ArithmeticException">A logit is NaN or +∞, or every logit is −∞: there is no distribution to draw from.</exception>
    public static int Draw(ReadOnlySpan<double> logits, double temperature, int? topK, System.Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (logits.Length == 0) throw new ArgumentException("There are no logits to draw from.", nameof(logits));
        CheckSampling(temperature, topK, logits.Length);
        var threshold = double.NegativeInfinity;
        if (topK is { } k && k < logits.Length)
        {
            var sorted = logits.ToArray();
            Array.Sort(sorted);
            threshold = sorted[^k];
        }
        var max = double.NegativeInfinity;
        for (var i = 0; i < logits.Length; i++)
        {
            // A NaN or +∞ logit has no probability: drawing anyway would turn garbage into a plausible token id.
            if (double.IsNaN(logits[i]) || double.IsPositiveInfinity(logits[i]))
                throw new ArithmeticException(string.Create(CultureInfo.InvariantCulture,
                    $"The logit of token {i} is {logits[i]:R}: the model's numbers have overflowed, so there is no distribution to draw from."));
            if (logits[i] >= threshold) max = Math.Max(max, logits[i]);
        }
        if (double.IsNegativeInfinity(max))
            throw new ArithmeticException("Every logit is -Infinity: there is no distribution to draw from.");
        var weights = new double[logits.Length];
        var total = 0.0;
        for (var i = 0; i < logits.Length; i++)
        {
            weights[i] = logits[i] >= threshold ? Math.Exp((logits[i] - max) / temperature) : 0.0;
            total += weights[i];
        }
        var u = random.NextDouble() * total;
        var last = -1;
        for (var i = 0; i < weights.Length; i++)
        {
            if (weights[i] == 0) continue;
            last = i;
            u -= weights[i];
            if (u < 0) return i;
        }
        return last;
    }

    private static void CheckSampling(double temperature, int? topK, int vocabSize)
    {
        if (!(double.IsFinite(temperature) && temperature > 0))
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature must be finite and > 0.");
        if (topK is { } k && (k < 1 || k > vocabSize))
            throw new ArgumentOutOfRangeException(nameof(topK), k, string.Create(CultureInfo.InvariantCulture, $"Top-k must be between 1 and the vocabulary size {vocabSize}."));
    }

    private Expr Forward(int length)
    {
        var cached = Volatile.Read(ref _logits[length - 1]);
        if (cached is not null) return cached;
        var logits = Layers.Gpt(Expr.Variable(TokensInput, [length]), Config).Build().Value;
        return Interlocked.CompareExchange(ref _logits[length - 1], logits, null) ?? logits;
    }
}
