using System.Globalization;

namespace Dual.Models;

/// <summary>
/// Characters to token ids and back. The vocabulary is the distinct characters of a text, sorted
/// by code (ordinal), numbered from 0; with a beginning-of-sequence token (microgpt's BOS), that
/// token's id is the number of characters, one past the last character's.
/// </summary>
public sealed class CharTokenizer
{
    private readonly char[] _alphabet;
    private readonly Dictionary<char, int> _ids;

    private CharTokenizer(char[] alphabet, bool withBos)
    {
        _alphabet = alphabet;
        _ids = alphabet.Select((c, i) => (c, i)).ToDictionary(t => t.c, t => t.i);
        HasBos = withBos;
    }

    /// <summary>The tokenizer whose vocabulary is the distinct characters of <paramref name="text"/>, sorted; with a BOS token if <paramref name="withBos"/>.</summary>
    public static CharTokenizer FromText(string text, bool withBos = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0) throw new ArgumentException("A tokenizer needs a non-empty text to take its vocabulary from.", nameof(text));
        var alphabet = text.Distinct().Order().ToArray();
        return new CharTokenizer(alphabet, withBos);
    }

    /// <summary>The characters, sorted; character <c>Alphabet[i]</c> has id i.</summary>
    public IReadOnlyList<char> Alphabet => _alphabet;

    /// <summary>Whether there is a beginning-of-sequence token.</summary>
    public bool HasBos { get; }

    /// <summary>The id of the beginning-of-sequence token: the number of characters.</summary>
    /// <exception cref="InvalidOperationException">This tokenizer has no BOS token.</exception>
    public int Bos => HasBos ? _alphabet.Length
        : throw new InvalidOperationException("This tokenizer has no BOS token; make it with withBos: true.");

    /// <summary>The number of token ids: the characters, plus one for BOS if there is one.</summary>
    public int VocabSize => _alphabet.Length + (HasBos ? 1 : 0);

    /// <summary>The ids of the characters of <paramref name="text"/>.</summary>
    /// <exception cref="ArgumentException">A character is not in the vocabulary (the message names it and where it is).</exception>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new int[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            if (!_ids.TryGetValue(text[i], out ids[i]))
                throw new ArgumentException(
                    $"Character {Show(text[i])} at index {i} is not in the vocabulary of {_alphabet.Length} characters: {string.Concat(_alphabet.Select(ShowBare))}.",
                    nameof(text));
        }
        return ids;
    }

    /// <summary>The text of <paramref name="tokens"/>; the BOS token, a separator, adds nothing.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is not in the vocabulary.</exception>
    public string Decode(IEnumerable<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var chars = new List<char>();
        foreach (var id in tokens)
        {
            if (HasBos && id == _alphabet.Length) continue;
            if (id < 0 || id >= _alphabet.Length)
                throw new ArgumentOutOfRangeException(nameof(tokens), id, $"Token id {id} is not in the vocabulary (ids 0 to {VocabSize - 1}).");
            chars.Add(_alphabet[id]);
        }
        return new string([.. chars]);
    }

    /// <inheritdoc/>
    public override string ToString() => $"CharTokenizer({_alphabet.Length} characters{(HasBos ? " + BOS" : "")})";

    // 'a', '\n', or U+00E9 'é' — readable in one line of an error message.
    private static string Show(char c) => $"'{ShowBare(c)}' (U+{((int)c).ToString("X4", CultureInfo.InvariantCulture)})";

    private static string ShowBare(char c) => c switch
    {
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        _ when char.IsControl(c) => $"\\u{((int)c).ToString("x4", CultureInfo.InvariantCulture)}",
        _ => c.ToString(),
    };
}
