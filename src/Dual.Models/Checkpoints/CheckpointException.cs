namespace Dual.Models;

/// <summary>
/// A checkpoint file is not valid safetensors, or does not fit the model it is loaded into. The message names the
/// problem (the field and its value) and is one line of at most <see cref="MaxMessageLength"/> characters, whatever the file holds.
/// </summary>
public sealed class CheckpointException : Exception
{
    /// <summary>The longest message: longer ones are cut, ending in an ellipsis.</summary>
    public const int MaxMessageLength = 1000;

    /// <summary>Creates the exception.</summary>
    public CheckpointException() { }

    /// <summary>Creates the exception with a message (cut to <see cref="MaxMessageLength"/>).</summary>
    public CheckpointException(string message) : base(Bound(message)) { }

    /// <summary>Creates the exception with a message (cut to <see cref="MaxMessageLength"/>) and its cause.</summary>
    public CheckpointException(string message, Exception inner) : base(Bound(message), inner) { }

    /// <summary><paramref name="text"/>, cut to <paramref name="max"/> characters (the last one an ellipsis) if longer.</summary>
    public static string Shorten(string? text, int max = 60)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 2);
        if (text is null) return "";
        return text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
    }

    /// <summary>The first <paramref name="max"/> items joined by <paramref name="separator"/>, then "… and N more" for the rest.</summary>
    public static string List(IReadOnlyList<string> items, string separator = ", ", int max = 8)
    {
        ArgumentNullException.ThrowIfNull(items);
        var shown = string.Join(separator, items.Take(max).Select(i => Shorten(i, 80)));
        return items.Count <= max ? shown : $"{shown}{separator}… and {items.Count - max} more";
    }

    // One line, whatever the file holds: control characters from names and values are shown escaped.
    private static string Bound(string? message)
    {
        var text = Shorten(message, MaxMessageLength);
        if (!text.Any(char.IsControl)) return text;
        var line = new System.Text.StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            line.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => c.ToString(),
            });
        }

        return Shorten(line.ToString(), MaxMessageLength);
    }
}
