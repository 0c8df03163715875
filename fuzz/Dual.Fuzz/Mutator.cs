using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;

namespace Dual.Fuzz;

/// <summary>
/// Mutations of safetensors bytes: blind ones (bit flips, interesting bytes, truncation, insertion, deletion, a new
/// header length) and ones that know the format (a number or string in the JSON header replaced by a hostile one with
/// the header length kept right, a weight overwritten by NaN, ∞ or 1e308, headers and data spliced across inputs).
/// </summary>
public sealed partial class Mutator(Random random)
{
    private static readonly string[] Numbers =
    [
        "0", "1", "2", "3", "7", "-1", "16", "255", "1000", "100000", "1000000000", "2147483647", "2147483648", "4294967296",
        "9223372036854775807", "18446744073709551616", "1e400", "1.5", "-0", "1e-400", "\\\"16\\\"", "\"16\"", "null", "true", "[]", "{}",
    ];

    private static readonly string[] Strings =
    [
        "", " ", "true", "false", "LayerNorm", "RmsNorm", "LayerNorm, RmsNorm", "Gelu", "3", "F32", "F64", "I64", "BF16",
        "m,m", "m,,v", "m.x", "dual.gpt/1", "names", "shakespeare", "__metadata__", "\\u0000", "\\ud800", "a\\nb", "zyxa", new string('x', 5000),
    ];

    private static readonly double[] Doubles =
    [
        double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e308, -1e308, 1e300, double.Epsilon, -0.0, 1e15, -1.0,
    ];

    /// <summary>A mutated copy of <paramref name="input"/> (sometimes spliced with <paramref name="other"/>), with one to four mutations.</summary>
    public byte[] Mutate(byte[] input, byte[] other)
    {
        var bytes = input;
        var count = 1 + random.Next(4);
        for (var i = 0; i < count; i++) bytes = MutateOnce(bytes, other);
        return bytes;
    }

    private byte[] MutateOnce(byte[] bytes, byte[] other)
    {
        switch (random.Next(12))
        {
            case 0 when bytes.Length > 0:
            {
                var copy = (byte[])bytes.Clone();
                var bit = random.Next(copy.Length * 8);
                copy[bit / 8] ^= (byte)(1 << (bit % 8));
                return copy;
            }
            case 1 when bytes.Length > 0:
            {
                var copy = (byte[])bytes.Clone();
                copy[random.Next(copy.Length)] = (byte)(random.Next(4) switch { 0 => 0, 1 => 0xFF, 2 => 0x7F, _ => 0x80 });
                return copy;
            }
            case 2:
                return bytes[..random.Next(bytes.Length + 1)];
            case 3:
            {
                var at = random.Next(bytes.Length + 1);
                var insert = new byte[1 + random.Next(16)];
                random.NextBytes(insert);
                return [.. bytes[..at], .. insert, .. bytes[at..]];
            }
            case 4 when bytes.Length > 1:
            {
                var at = random.Next(bytes.Length);
                var length = 1 + random.Next(Math.Min(64, bytes.Length - at));
                return [.. bytes[..at], .. bytes[(at + length)..]];
            }
            case 5 when bytes.Length >= 8:
            {
                var copy = (byte[])bytes.Clone();
                ulong[] lengths = [0, 1, 7, 8, 100_000_000, 100_000_001, ulong.MaxValue, (ulong)long.MaxValue, (ulong)(bytes.Length - 8), (ulong)(bytes.Length - 7)];
                BinaryPrimitives.WriteUInt64LittleEndian(copy, lengths[random.Next(lengths.Length)]);
                return copy;
            }
            case 6 or 7:
                return EditHeader(bytes, header => ReplaceMatch(header, NumberToken(), Numbers));
            case 8:
                return EditHeader(bytes, header => ReplaceMatch(header, StringToken(), Strings.Select(s => $"\"{s}\"").ToArray()));
            case 9 when Split(bytes) is var (_, data) && data.Length >= 8:
            {
                var copy = (byte[])bytes.Clone();
                var start = bytes.Length - data.Length;
                var at = start + 8 * random.Next(data.Length / 8);
                BinaryPrimitives.WriteDoubleLittleEndian(copy.AsSpan(at), Doubles[random.Next(Doubles.Length)]);
                return copy;
            }
            case 10 when Split(bytes) is var (header, _) && Split(other) is var (_, otherData):
                return Join(header, otherData);
            case 11:
                return EditHeader(bytes, header => DuplicateOrDropEntry(header));
            default:
                return bytes;
        }
    }

    // The header as text and the data after it; null when the length field does not fit the file.
    private static (string Header, byte[] Data)? Split(byte[] bytes)
    {
        if (bytes.Length < 8) return null;
        var length = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (length > (ulong)(bytes.Length - 8)) return null;
        return (Encoding.UTF8.GetString(bytes, 8, (int)length), bytes[(8 + (int)length)..]);
    }

    private static byte[] Join(string header, byte[] data)
    {
        var text = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + text.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)text.Length);
        text.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + text.Length);
        return bytes;
    }

    private static byte[] EditHeader(byte[] bytes, Func<string, string> edit) =>
        Split(bytes) is var (header, data) ? Join(edit(header), data) : bytes;

    private string ReplaceMatch(string header, Regex pattern, string[] replacements)
    {
        var matches = pattern.Matches(header);
        if (matches.Count == 0) return header;
        var match = matches[random.Next(matches.Count)];
        return string.Concat(header.AsSpan(0, match.Index), replacements[random.Next(replacements.Length)], header.AsSpan(match.Index + match.Length));
    }

    // Repeats or removes one top-level "name": {...} tensor entry.
    private string DuplicateOrDropEntry(string header)
    {
        var matches = EntryToken().Matches(header);
        if (matches.Count == 0) return header;
        var match = matches[random.Next(matches.Count)];
        return random.Next(2) == 0
            ? header.Insert(match.Index, match.Value + ",")
            : string.Concat(header.AsSpan(0, match.Index), header.AsSpan(Math.Min(header.Length, match.Index + match.Length + 1)));
    }

    [GeneratedRegex("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?")]
    private static partial Regex NumberToken();

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex StringToken();

    [GeneratedRegex("\"[^\"]+\":\\{\"dtype\":\"[^\"]*\",\"shape\":\\[[^\\]]*\\],\"data_offsets\":\\[[^\\]]*\\]\\}")]
    private static partial Regex EntryToken();
}
