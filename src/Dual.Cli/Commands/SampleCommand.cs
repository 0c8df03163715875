using System.CommandLine;
using System.Globalization;
using Dual.Models;

namespace Dual.Cli.Commands;

/// <summary>
/// <c>dual sample --checkpoint FILE [--prompt TEXT] [--tokens N] [--count C] [--temperature T] [--top-k K] [--seed S]</c>:
/// generates from a model saved by <c>dual train names|shakespeare --out FILE</c>. A names model prints <c>--count</c> names,
/// one per line, each the prompt followed by characters drawn until BOS (at most <c>--tokens</c>, and no more than the
/// block allows); a shakespeare model prints the prompt (default a newline) followed by <c>--tokens</c> characters. The
/// same seed gives the same text. Bad options, and prompt characters outside the model's vocabulary, are usage errors (2);
/// a missing or corrupt checkpoint is exit 1 with the reason.
/// </summary>
internal static class SampleCommand
{
    /// <summary>The default number of characters of running text.</summary>
    public const int DefaultTextTokens = 200;

    /// <summary>The default number of names.</summary>
    public const int DefaultNames = 20;

    /// <summary>The most characters <c>--tokens</c> may ask for.</summary>
    public const int MaxTokens = 100_000;

    /// <summary>The most names <c>--count</c> may ask for.</summary>
    public const int MaxCount = 100_000;

    /// <summary>Builds the command; output goes to <paramref name="stdout"/>, errors to <paramref name="stderr"/>.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "The .safetensors file written by `dual train names|shakespeare --out`.", Required = true };
        var prompt = new Option<string?>("--prompt") { Description = "Text to continue (names: the start of each name; shakespeare: default a newline). Only characters of the model's vocabulary." };
        var tokens = new Option<int?>("--tokens") { Description = "Characters to generate, 1 to 100,000 (names: at most this many per name, default until BOS; shakespeare: default 200)." }.Positive().AtMost(MaxTokens);
        var count = new Option<int?>("--count") { Description = "names: how many names, 1 to 100,000 (default 20)." }.Positive().AtMost(MaxCount);
        var temperature = new Option<double?>("--temperature") { Description = "Softmax temperature, finite and > 0 (default: names 0.5 as microgpt, shakespeare 0.8)." }.FinitePositive();
        var topK = new Option<int?>("--top-k") { Description = "Draw only among the k most likely tokens, 1 <= k <= vocabulary size (default: all)." }.Positive();
        var seed = new Option<int>("--seed") { Description = "Seed of the draws.", DefaultValueFactory = _ => 0 };

        var command = new Command("sample", "Generate text from a trained GPT checkpoint.");
        foreach (var option in new Option[] { checkpoint, prompt, tokens, count, temperature, topK, seed })
        {
            command.Options.Add(option);
        }

        command.SetAction(parseResult => Run(
            stdout,
            stderr,
            parseResult.GetValue(checkpoint)!,
            parseResult.GetValue(prompt),
            parseResult.GetValue(tokens),
            parseResult.GetValue(count),
            parseResult.GetValue(temperature),
            parseResult.GetValue(topK),
            parseResult.GetValue(seed)));
        return command;
    }

    /// <summary>Generates and prints; returns 0, 1 for an unusable checkpoint, 2 for input the model cannot take.</summary>
    public static int Run(TextWriter stdout, TextWriter stderr, string path, string? prompt, int? tokens, int? count, double? temperature, int? topK, int seed)
    {
        GptCheckpoint model;
        try
        {
            model = GptCheckpoint.Load(path);
        }
        catch (CheckpointException e)
        {
            stderr.WriteLine($"dual sample: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"dual sample: cannot read checkpoint '{path}': {e.Message}");
            return 1;
        }

        var tokenizer = model.Tokenizer;
        var isNames = tokenizer.HasBos;
        var text = prompt ?? (isNames ? "" : "\n");
        var unknown = GptSampling.Unknown(tokenizer, text);
        if (unknown.Count > 0)
        {
            return Usage(stderr, $"The prompt has characters the model does not know: {string.Join(", ", unknown.Select(Show))}. Its vocabulary: \"{string.Concat(tokenizer.Alphabet.Select(Escape))}\".");
        }

        if (topK is > 0 && topK > model.Config.VocabSize)
        {
            return Usage(stderr, $"Option '--top-k' must be between 1 and the model's vocabulary size {model.Config.VocabSize}, got {topK}.");
        }

        if (isNames && text.Length > model.Config.BlockSize - 1)
        {
            return Usage(stderr, $"Option '--prompt' is too long for this names model: at most {model.Config.BlockSize - 1} characters (its block is {model.Config.BlockSize} with BOS), got {text.Length}.");
        }

        if (!isNames && count is not null)
        {
            return Usage(stderr, "Option '--count' applies to names models only; this checkpoint generates running text.");
        }

        if (!isNames && text.Length == 0)
        {
            return Usage(stderr, "Option '--prompt' must not be empty for a running-text model: it needs at least one character to continue.");
        }

        try
        {
            return Generate(stdout, model, text, tokens, count, temperature, topK, seed);
        }
        catch (ArithmeticException e)
        {
            stderr.WriteLine($"dual sample: {path}: {e.Message}");
            return 1;
        }
    }

    private static int Generate(TextWriter stdout, GptCheckpoint model, string text, int? tokens, int? count, double? temperature, int? topK, int seed)
    {
        var tokenizer = model.Tokenizer;
        var sampler = new GptSampler(model.Config, model.Params);
        if (tokenizer.HasBos)
        {
            var names = GptSampling.Names(sampler, tokenizer, text, count ?? DefaultNames, tokens, temperature ?? GptSampling.NamesTemperature, topK, seed);
            foreach (var name in names)
            {
                stdout.WriteLine(name);
            }
        }
        else
        {
            stdout.WriteLine(GptSampling.Text(sampler, tokenizer, text, tokens ?? DefaultTextTokens, temperature ?? GptSampling.TextTemperature, topK, seed));
        }

        return 0;
    }

    private static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine($"dual sample: {message}");
        return App.UsageError;
    }

    // 'Z' (U+005A), '\n' (U+000A): readable and unambiguous in one line.
    private static string Show(char c) => string.Create(CultureInfo.InvariantCulture, $"'{Escape(c)}' (U+{(int)c:X4})");

    private static string Escape(char c) => c switch
    {
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        _ when char.IsControl(c) => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
        _ => c.ToString(),
    };
}
