using System.Collections.ObjectModel;

namespace Dual.Models;

/// <summary>
/// One long text for character-level next-token prediction (tiny Shakespeare). The tokenizer's
/// vocabulary is every character of the whole text; the first <c>⌊n·trainFraction⌋</c> tokens
/// (90% by default, as nanoGPT) are the training split and the rest the validation split.
/// </summary>
public sealed class TextCorpus
{
    private readonly ReadOnlyCollection<int> _train;
    private readonly ReadOnlyCollection<int> _validation;

    private TextCorpus(CharTokenizer tokenizer, int[] tokens, int trainCount)
    {
        Tokenizer = tokenizer;
        _train = Array.AsReadOnly(tokens[..trainCount]);
        _validation = Array.AsReadOnly(tokens[trainCount..]);
    }

    /// <summary>A corpus of <paramref name="text"/>, split at <paramref name="trainFraction"/> (in (0, 1)).</summary>
    /// <exception cref="ArgumentException">The text is empty, or the fraction is outside (0, 1).</exception>
    public static TextCorpus FromText(string text, double trainFraction = 0.9)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0) throw new ArgumentException("The text is empty: there is nothing to train on.", nameof(text));
        CheckFraction(trainFraction);
        var tokenizer = CharTokenizer.FromText(text);
        var tokens = tokenizer.Encode(text);
        return new TextCorpus(tokenizer, tokens, (int)(tokens.Length * trainFraction));
    }

    /// <summary>
    /// A corpus of <paramref name="text"/> encoded with a given <paramref name="tokenizer"/> (e.g. a checkpoint's, to go on
    /// training it on other text), split at <paramref name="trainFraction"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The text is empty, has a character the tokenizer lacks (named), or the fraction is outside (0, 1).</exception>
    public static TextCorpus FromText(string text, CharTokenizer tokenizer, double trainFraction = 0.9)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tokenizer);
        if (text.Length == 0) throw new ArgumentException("The text is empty: there is nothing to train on.", nameof(text));
        CheckFraction(trainFraction);
        var tokens = tokenizer.Encode(text);
        return new TextCorpus(tokenizer, tokens, (int)(tokens.Length * trainFraction));
    }

    /// <summary>A corpus of the text in the file at <paramref name="path"/>.</summary>
    public static TextCorpus Load(string path, double trainFraction = 0.9)
    {
        ArgumentNullException.ThrowIfNull(path);
        return FromText(File.ReadAllText(path), trainFraction);
    }

    /// <summary>Tiny Shakespeare (bundled with Dual.Models, <see cref="DataFiles.Shakespeare"/>), or the text of the file at <paramref name="path"/> if given.</summary>
    /// <exception cref="FileNotFoundException">The file at <paramref name="path"/> does not exist.</exception>
    public static TextCorpus Shakespeare(string? path = null) =>
        path is null ? FromText(DataFiles.ReadBundledText(DataFiles.Shakespeare)) : Load(DataFiles.RequireFile(path));

    /// <summary>The tokenizer built from the whole text.</summary>
    public CharTokenizer Tokenizer { get; }

    /// <summary>The token ids of a split, in text order.</summary>
    public IReadOnlyList<int> Tokens(DataSplit split) => split switch
    {
        DataSplit.Train => _train,
        DataSplit.Validation => _validation,
        _ => throw new ArgumentOutOfRangeException(nameof(split), split, "Unknown split."),
    };

    /// <summary>
    /// <paramref name="batchSize"/> windows of <paramref name="blockSize"/> + 1 tokens at positions
    /// drawn uniformly from <paramref name="random"/>: context <c>[B, T]</c> and the next tokens <c>[B, T]</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The split is shorter than block size + 1, or has fewer windows than the batch size.</exception>
    public TokenBatch Batch(DataSplit split, int batchSize, int blockSize, System.Random random) =>
        TokenBatch.Sample(Tokens(split), $"{split.ToString().ToLowerInvariant()} split", batchSize, blockSize, random);

    /// <summary>The batch of step <paramref name="step"/> of a run seeded with <paramref name="seed"/>: the same arguments always give the same batch.</summary>
    public TokenBatch Batch(DataSplit split, int batchSize, int blockSize, int seed, int step) =>
        Batch(split, batchSize, blockSize, SeededRandom.ForStep(seed, step));

    internal static void CheckFraction(double trainFraction)
    {
        if (!(trainFraction > 0 && trainFraction < 1))
            throw new ArgumentException($"The training fraction must be in (0, 1); got {trainFraction}.", nameof(trainFraction));
    }
}
