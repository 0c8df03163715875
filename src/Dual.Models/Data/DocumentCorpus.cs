namespace Dual.Models;

/// <summary>
/// Short documents, one per line (the names data set), for microgpt-style training: the
/// non-empty trimmed lines are shuffled by a seeded generator, the first
/// <c>⌊n·trainFraction⌋</c> (at least one) are the training split and the rest the validation
/// split. The tokenizer has a BOS token that starts and ends every document.
/// </summary>
public sealed class DocumentCorpus
{
    private readonly string[] _train;
    private readonly string[] _validation;
    private readonly Lazy<IReadOnlyList<int>> _trainStream;
    private readonly Lazy<IReadOnlyList<int>> _validationStream;

    private DocumentCorpus(CharTokenizer tokenizer, string[] train, string[] validation)
    {
        (Tokenizer, _train, _validation) = (tokenizer, train, validation);
        _trainStream = new(() => MakeStream(DataSplit.Train));
        _validationStream = new(() => MakeStream(DataSplit.Validation));
    }

    /// <summary>A corpus of <paramref name="documents"/> (blank ones are dropped), shuffled with <paramref name="seed"/> and split at <paramref name="trainFraction"/>.</summary>
    /// <exception cref="ArgumentException">There are no non-blank documents, or the fraction is outside (0, 1).</exception>
    public static DocumentCorpus FromDocuments(IEnumerable<string> documents, int seed = 42, double trainFraction = 0.9)
    {
        ArgumentNullException.ThrowIfNull(documents);
        TextCorpus.CheckFraction(trainFraction);
        var docs = documents.Select(d => d.Trim()).Where(d => d.Length > 0).ToArray();
        if (docs.Length == 0) throw new ArgumentException("The data set is empty: it has no non-blank documents.", nameof(documents));
        var tokenizer = CharTokenizer.FromText(string.Concat(docs), withBos: true);
        var shuffled = SeededRandom.Shuffle(docs, SeededRandom.Create(seed));
        var trainCount = Math.Clamp((int)(shuffled.Length * trainFraction), 1, shuffled.Length);
        return new DocumentCorpus(tokenizer, shuffled[..trainCount], shuffled[trainCount..]);
    }

    /// <summary>A corpus of the lines of the file at <paramref name="path"/>.</summary>
    public static DocumentCorpus Load(string path, int seed = 42, double trainFraction = 0.9)
    {
        ArgumentNullException.ThrowIfNull(path);
        return FromDocuments(File.ReadAllLines(path), seed, trainFraction);
    }

    /// <summary>The names data set (bundled with Dual.Models, <see cref="DataFiles.Names"/>), or the lines of the file at <paramref name="path"/> if given.</summary>
    /// <exception cref="FileNotFoundException">The file at <paramref name="path"/> does not exist.</exception>
    public static DocumentCorpus Names(string? path = null, int seed = 42) =>
        path is null ? FromDocuments(DataFiles.ReadBundledLines(DataFiles.Names), seed) : Load(DataFiles.RequireFile(path), seed);

    /// <summary>The tokenizer: every character of every document, plus BOS.</summary>
    public CharTokenizer Tokenizer { get; }

    /// <summary>The documents of a split, in shuffled order.</summary>
    public IReadOnlyList<string> Documents(DataSplit split) => split switch
    {
        DataSplit.Train => _train,
        DataSplit.Validation => _validation,
        _ => throw new ArgumentOutOfRangeException(nameof(split), split, "Unknown split."),
    };

    /// <summary>
    /// The document of step <paramref name="step"/> (microgpt: <c>docs[step % len(docs)]</c>) as
    /// tokens wrapped in BOS: <c>[BOS, c₁, …, cₙ, BOS]</c>.
    /// </summary>
    public int[] Tokens(DataSplit split, int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        var docs = NonEmpty(split);
        return [Tokenizer.Bos, .. Tokenizer.Encode(docs[step % docs.Count]), Tokenizer.Bos];
    }

    /// <summary>
    /// The training example of step <paramref name="step"/>, one document per step as microgpt:
    /// with tokens <c>[BOS, c₁, …, cₙ, BOS]</c> and <c>m = min(blockSize, n + 1)</c>, the context is
    /// its first m tokens and the targets the m tokens after them, both <c>[1, m]</c>. The length
    /// varies with the document.
    /// </summary>
    public TokenBatch Example(DataSplit split, int step, int blockSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);
        var tokens = Tokens(split, step);
        var m = Math.Min(blockSize, tokens.Length - 1);
        return TokenBatch.FromWindows(tokens, [0], m);
    }

    /// <summary>All documents of a split as one stream, each preceded by BOS and the last followed by one: <c>BOS d₁ BOS d₂ … BOS</c>.</summary>
    public IReadOnlyList<int> Stream(DataSplit split) => split switch
    {
        DataSplit.Train => _trainStream.Value,
        DataSplit.Validation => _validationStream.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(split), split, "Unknown split."),
    };

    private System.Collections.ObjectModel.ReadOnlyCollection<int> MakeStream(DataSplit split)
    {
        var stream = new List<int> { Tokenizer.Bos };
        foreach (var doc in NonEmpty(split))
        {
            stream.AddRange(Tokenizer.Encode(doc));
            stream.Add(Tokenizer.Bos);
        }
        return stream.AsReadOnly();
    }

    /// <summary>
    /// Fixed-shape batches across documents: <paramref name="batchSize"/> windows of
    /// <paramref name="blockSize"/> + 1 tokens of <see cref="Stream"/>, at positions drawn from <paramref name="random"/>.
    /// </summary>
    public TokenBatch Batch(DataSplit split, int batchSize, int blockSize, System.Random random) =>
        TokenBatch.Sample(Stream(split), $"{split.ToString().ToLowerInvariant()} split", batchSize, blockSize, random);

    /// <summary>The fixed-shape batch of step <paramref name="step"/> of a run seeded with <paramref name="seed"/>.</summary>
    public TokenBatch Batch(DataSplit split, int batchSize, int blockSize, int seed, int step) =>
        Batch(split, batchSize, blockSize, SeededRandom.ForStep(seed, step));

    private IReadOnlyList<string> NonEmpty(DataSplit split)
    {
        var docs = Documents(split);
        return docs.Count > 0 ? docs
            : throw new InvalidOperationException($"The {split.ToString().ToLowerInvariant()} split has no documents (the data set has {_train.Length + _validation.Length}).");
    }
}
