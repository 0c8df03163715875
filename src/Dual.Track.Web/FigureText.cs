using System.Globalization;
using System.Net;
using System.Text;

namespace Dual.Track.Web;

/// <summary>
/// Text of a figure (titles, labels, legends, items) comes from the learner's process, so it is untrusted: cut to a
/// length a picture can show, characters XML cannot hold replaced, then escaped for HTML and SVG alike.
/// </summary>
internal static class FigureText
{
    /// <summary>The longest text a figure shows (longer is cut with an ellipsis).</summary>
    public const int MaxLength = 160;

    /// <summary>The text made safe to show: at most <paramref name="max"/> characters, no control characters or lone surrogates.</summary>
    public static string Clean(string? text, int max = MaxLength)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var cleaned = new StringBuilder(Math.Min(text.Length, max + 1));
        var i = 0;
        for (; i < text.Length && cleaned.Length < max; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                cleaned.Append(c).Append(text[++i]);
            }
            else
            {
                // XML 1.0 cannot hold control characters (not even as references), lone surrogates, U+FFFE or U+FFFF.
                cleaned.Append(char.IsControl(c) || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF' ? '\uFFFD' : c);
            }
        }

        if (i < text.Length)
        {
            cleaned.Append('…');
        }

        return cleaned.ToString();
    }

    /// <summary>The text cleaned and escaped, for an element's content or a quoted attribute.</summary>
    public static string Escape(string? text, int max = MaxLength) => WebUtility.HtmlEncode(Clean(text, max));

    /// <summary>A number for a label or tooltip: 4 significant digits, NaN and infinities by name.</summary>
    public static string Number(double value) =>
        double.IsNaN(value) ? "NaN" : double.IsInfinity(value) ? (value > 0 ? "+∞" : "−∞") : value.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>An axis's tick label, the same in every culture: <c>1000</c>, <c>0.25</c>, <c>1E-05</c>, <c>2.5E+06</c>.</summary>
    public static string Tick(double value) =>
        value != 0 && (Math.Abs(value) >= 1e5 || Math.Abs(value) < 1e-3)
            ? value.ToString("G3", CultureInfo.InvariantCulture)
            : value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>A coordinate in SVG: invariant culture, two decimals.</summary>
    public static string Coordinate(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
