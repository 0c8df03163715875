using System.Globalization;
using System.Text;
using Dual.Models;

namespace Dual.Cli.Commands;

/// <summary>
/// A user's corpus (<c>--data FILE</c>): a regular file of UTF-8 text (a byte-order mark is skipped), at most
/// <see cref="MaxBytes"/> long, with at least one non-blank character. Anything else is a <see cref="RunFailure"/> naming the file and the problem.
/// </summary>
internal static class CorpusFile
{
    /// <summary>The largest corpus read (a character-level model on more is beyond this tool).</summary>
    public const long MaxBytes = 256L * 1024 * 1024;

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The text of <paramref name="path"/>.</summary>
    /// <exception cref="RunFailure">The file is missing, not a regular file, too large, not UTF-8 or blank.</exception>
    public static string ReadText(string path)
    {
        RegularFile.RequireReadable(path, "data file", message => new RunFailure(message));
        var length = new FileInfo(path).Length;
        if (length > MaxBytes)
            throw new RunFailure(string.Create(CultureInfo.InvariantCulture, $"Data file '{path}' is {length} bytes, more than the limit of {MaxBytes}."));
        var bytes = File.ReadAllBytes(path);
        var start = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        string text;
        try
        {
            text = Strict.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException e)
        {
            throw new RunFailure(string.Create(CultureInfo.InvariantCulture,
                $"Data file '{path}' is not UTF-8 text: byte 0x{(e.BytesUnknown is { Length: > 0 } b ? b[0] : 0):X2} at offset {start + e.Index} is not valid UTF-8."));
        }

        return string.IsNullOrWhiteSpace(text)
            ? throw new RunFailure($"Data file '{path}' is empty: it has no non-blank characters to train on.")
            : text;
    }

    /// <summary>The characters of <paramref name="text"/> not in <paramref name="tokenizer"/>'s alphabet, each once, shown as <c>'é' (U+00E9)</c>; at most 10.</summary>
    public static string? Unknown(CharTokenizer tokenizer, string text)
    {
        var known = tokenizer.Alphabet.ToHashSet();
        var unknown = text.Distinct().Where(c => !known.Contains(c)).ToList();
        if (unknown.Count == 0) return null;
        var shown = string.Join(", ", unknown.Take(10).Select(c => string.Create(CultureInfo.InvariantCulture, $"'{Printable(c)}' (U+{(int)c:X4})")));
        return unknown.Count > 10 ? $"{shown} and {unknown.Count - 10} more" : shown;
    }

    private static string Printable(char c) => c switch
    {
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        _ when char.IsControl(c) || char.IsSurrogate(c) => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
        _ => c.ToString(),
    };
}
