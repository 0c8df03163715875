using Dual.Models;

namespace Dual.Cli.Commands;

/// <summary>Text generation as the CLI uses it: names (from BOS until BOS) and running text (a number of characters).</summary>
internal static class GptSampling
{
    /// <summary>microgpt's sampling temperature for names.</summary>
    public const double NamesTemperature = 0.5;

    /// <summary>The default temperature for running text.</summary>
    public const double TextTemperature = 0.8;

    /// <summary>
    /// <paramref name="count"/> names, each <paramref name="prompt"/> followed by characters drawn after <c>[BOS] + prompt</c> until
    /// BOS is drawn or the block is full (as microgpt: at most BlockSize − 1 − prompt length + 1 characters), or after
    /// <paramref name="maxChars"/> characters; all drawn from one generator seeded with <paramref name="seed"/>.
    /// </summary>
    public static IReadOnlyList<string> Names(
        GptSampler sampler, CharTokenizer tokenizer, string prompt, int count, int? maxChars, double temperature, int? topK, int seed)
    {
        var context = new[] { tokenizer.Bos }.Concat(tokenizer.Encode(prompt)).ToArray();
        var room = sampler.Config.BlockSize - context.Length + 1;
        var limit = Math.Min(room, maxChars ?? room);
        var random = GptSampler.CreateRandom(seed);
        var names = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var drawn = sampler.Generate(context, limit, temperature, topK, random, stopToken: tokenizer.Bos);
            names.Add(prompt + tokenizer.Decode(drawn));
        }

        return names;
    }

    /// <summary><paramref name="prompt"/> followed by <paramref name="tokens"/> characters drawn after it (the context sliding over the last BlockSize).</summary>
    public static string Text(GptSampler sampler, CharTokenizer tokenizer, string prompt, int tokens, double temperature, int? topK, int seed)
    {
        var drawn = sampler.Generate(tokenizer.Encode(prompt), tokens, temperature, topK, seed);
        return prompt + tokenizer.Decode(drawn);
    }

    /// <summary>The characters of <paramref name="text"/> not in the tokenizer's vocabulary, each once, in order of appearance.</summary>
    public static IReadOnlyList<char> Unknown(CharTokenizer tokenizer, string text) =>
        text.Distinct().Where(c => !tokenizer.Alphabet.Contains(c)).ToArray();
}
