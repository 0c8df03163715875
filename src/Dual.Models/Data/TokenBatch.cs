namespace Dual.Models;

/// <summary>
/// A batch for next-token prediction: <see cref="Context"/> and <see cref="Targets"/>, both
/// <c>[B, T]</c> of integer-valued token ids, where <c>Targets[b, t]</c> is the token after
/// <c>Context[b, t]</c> in the text.
/// </summary>
public sealed class TokenBatch
{
    /// <summary>Wraps context and targets of the same <c>[B, T]</c> shape.</summary>
    public TokenBatch(Tensor context, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(targets);
        if (context.Rank != 2 || context.Shape != targets.Shape)
            throw new ArgumentException($"Context and targets must both be [B, T]; got {context.Shape} and {targets.Shape}.", nameof(targets));
        (Context, Targets) = (context, targets);
    }

    /// <summary>The input token ids, <c>[B, T]</c>.</summary>
    public Tensor Context { get; }

    /// <summary>The next-token ids, <c>[B, T]</c>.</summary>
    public Tensor Targets { get; }

    /// <summary>The batch size B.</summary>
    public int BatchSize => Context.Shape[0];

    /// <summary>The block (context) length T.</summary>
    public int BlockSize => Context.Shape[1];

    /// <summary>Bindings for a model's inputs: the context under <paramref name="contextName"/>, the targets under <paramref name="targetsName"/>.</summary>
    public Env ToEnv(string contextName = "tokens", string targetsName = "targets") =>
        Env.Of((contextName, Context), (targetsName, Targets));

    /// <summary>Context and targets from rows of token ids (all rows the same length).</summary>
    internal static TokenBatch FromWindows(IReadOnlyList<int> tokens, IReadOnlyList<int> starts, int blockSize)
    {
        var context = new double[starts.Count * blockSize];
        var targets = new double[starts.Count * blockSize];
        for (var b = 0; b < starts.Count; b++)
        {
            for (var t = 0; t < blockSize; t++)
            {
                context[b * blockSize + t] = tokens[starts[b] + t];
                targets[b * blockSize + t] = tokens[starts[b] + t + 1];
            }
        }
        var shape = Shape.Of(starts.Count, blockSize);
        return new TokenBatch(Tensor.FromArray(shape, context), Tensor.FromArray(shape, targets));
    }

    /// <summary>
    /// B windows of T + 1 consecutive tokens starting at random positions (nanoGPT's <c>get_batch</c>):
    /// context is each window's first T tokens, targets its last T.
    /// </summary>
    internal static TokenBatch Sample(IReadOnlyList<int> tokens, string what, int batchSize, int blockSize, System.Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);
        if (tokens.Count < blockSize + 1)
            throw new ArgumentException(
                $"The block size {blockSize} is larger than the {what} allows: it has {tokens.Count} tokens, and a window needs block size + 1 = {blockSize + 1}.",
                nameof(blockSize));
        var windows = tokens.Count - blockSize;
        if (batchSize > windows)
            throw new ArgumentException(
                $"The batch size {batchSize} is larger than the data: the {what} has only {windows} windows of {blockSize + 1} tokens.",
                nameof(batchSize));
        var starts = new int[batchSize];
        for (var b = 0; b < batchSize; b++) starts[b] = random.Next(windows);
        return FromWindows(tokens, starts, blockSize);
    }
}
