using Dual.Models;

namespace Dual.Fuzz;

/// <summary>
/// What the fuzzer runs on each input, as <c>dual sample</c> and <c>dual train --resume</c> would: read the bytes as
/// safetensors, interpret them as a GPT checkpoint, and sample a few tokens from the model. The only outcomes allowed
/// are success, a <see cref="CheckpointException"/> (a refused file) or an <see cref="ArithmeticException"/> from
/// sampling (a model whose logits overflow): anything else is a finding.
/// </summary>
public static class CheckpointTarget
{
    /// <summary>How the input ended.</summary>
    public enum Outcome
    {
        /// <summary>Loaded and sampled.</summary>
        Accepted,

        /// <summary>Refused with a <see cref="CheckpointException"/>.</summary>
        Refused,

        /// <summary>Loaded, but sampling found non-finite logits.</summary>
        NotSampleable,
    }

    /// <summary>Runs one input; throws whatever the library throws beyond the allowed outcomes.</summary>
    public static Outcome Run(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GptCheckpoint checkpoint;
        try
        {
            using var stream = new MemoryStream(input, writable: false);
            checkpoint = GptCheckpoint.FromCheckpoint(SafeTensors.Read(stream));
        }
        catch (CheckpointException e)
        {
            if (e.Message.Length > CheckpointException.MaxMessageLength)
                throw new InvalidOperationException($"A CheckpointException message of {e.Message.Length} characters.", e);
            if (e.Message.Contains('\n', StringComparison.Ordinal))
                throw new InvalidOperationException("A CheckpointException message of more than one line.", e);
            return Outcome.Refused;
        }

        try
        {
            var sampler = new GptSampler(checkpoint.Config, checkpoint.Params);
            var context = checkpoint.Tokenizer.HasBos ? [checkpoint.Tokenizer.Bos] : new[] { 0 };
            var drawn = sampler.Generate(context, Math.Min(4, checkpoint.Config.BlockSize), 1.0, null, seed: 0);
            checkpoint.Tokenizer.Decode(drawn);
            return Outcome.Accepted;
        }
        catch (ArithmeticException)
        {
            return Outcome.NotSampleable;
        }
    }
}
