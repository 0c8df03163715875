using System.Globalization;

namespace Dual.Models;

/// <summary>
/// The sizes a <see cref="GptCheckpoint"/> may declare. A checkpoint's config is checked against these limits, and its
/// parameter count against the numbers the file actually holds, before any model is built or memory reserved: a small
/// file cannot ask for a billion layers.
/// </summary>
public static class GptCheckpointLimits
{
    /// <summary>The most transformer blocks a checkpoint may declare.</summary>
    public const int MaxLayers = 1024;

    /// <summary>The largest embedding width.</summary>
    public const int MaxWidth = 65_536;

    /// <summary>The largest block size (learned positions).</summary>
    public const int MaxBlockSize = 65_536;

    /// <summary>The largest MLP ratio.</summary>
    public const int MaxMlpRatio = 64;

    /// <summary>The largest vocabulary: every UTF-16 code unit and BOS.</summary>
    public const int MaxVocabSize = char.MaxValue + 2;

    /// <summary>The most optimizer slots (Adam has two).</summary>
    public const int MaxOptimizerSlots = 8;

    /// <summary>
    /// Throws unless <paramref name="config"/> is within the limits and its parameters are no more than twice the
    /// <paramref name="storedNumbers"/> numbers the file holds. (A file with a tensor or two missing passes, so that the
    /// check of names and shapes that follows can name them; a header that asks for far more than the file holds does not.)
    /// </summary>
    /// <exception cref="CheckpointException">A size is over its limit, or the model needs far more numbers than the file has (the message names them).</exception>
    public static void Check(GptConfig config, long storedNumbers)
    {
        ArgumentNullException.ThrowIfNull(config);
        Limit(nameof(GptConfig.Layers), config.Layers, MaxLayers);
        Limit(nameof(GptConfig.Width), config.Width, MaxWidth);
        Limit(nameof(GptConfig.BlockSize), config.BlockSize, MaxBlockSize);
        Limit(nameof(GptConfig.MlpRatio), config.MlpRatio, MaxMlpRatio);
        Limit(nameof(GptConfig.VocabSize), config.VocabSize, MaxVocabSize);
        var count = ParameterCount(config);
        if (count / 2 > storedNumbers)
            throw new CheckpointException(string.Create(CultureInfo.InvariantCulture,
                $"the model config ({config.Layers} layers, width {config.Width}, vocabulary {config.VocabSize}, block {config.BlockSize}) declares {count} parameters, far more than the {storedNumbers} numbers the file holds."));
    }

    /// <summary>
    /// The number of parameters a GPT of <paramref name="config"/> declares, by arithmetic (nothing is built); equal to
    /// the sum of the sizes of <see cref="GptCheckpoint.ParametersOf"/>. Sizes within the limits cannot overflow it.
    /// </summary>
    public static long ParameterCount(GptConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        long w = config.Width, v = config.VocabSize, m = (long)config.MlpRatio * config.Width, bias = config.Bias ? 1 : 0;
        var norm = config.Norm switch
        {
            GptNorm.LayerNorm => config.NormGain ? w * (1 + bias) : 0,
            GptNorm.RmsNorm => config.NormGain ? w : 0,
            _ => throw new CheckpointException($"the model config's Norm '{config.Norm}' is unknown."),
        };
        checked
        {
            var attention = 4 * (w * w + bias * w);
            var mlp = w * m + bias * m + m * w + bias * w;
            var block = 2 * norm + attention + mlp;
            return v * w + config.BlockSize * w + (config.EmbeddingNorm ? norm : 0) + config.Layers * block
                + (config.FinalNorm ? norm : 0) + (config.TieWeights ? 0 : w * v);
        }
    }

    private static void Limit(string field, int value, int max)
    {
        if (value > max)
            throw new CheckpointException(string.Create(CultureInfo.InvariantCulture,
                $"the model config's {field} is {value}, more than the limit of {max}."));
    }
}
