using System.Text;

namespace Dual.Track.Web;

/// <summary>
/// A <see cref="FigureKind.Heatmap"/> figure as hand-written SVG (ScottPlot draws heat maps as an embedded bitmap): one
/// square per cell, coloured from light (the smallest value) to dark blue (the largest), row labels on the left,
/// column labels on top, the value in each cell when the matrix is small, a tooltip per cell, and the colour scale.
/// NaN or infinite cells are grey and marked.
/// </summary>
internal static class HeatmapSvg
{
    /// <summary>At most this many rows and columns are drawn (the rest are named in a note).</summary>
    public const int MaxSide = 48;

    /// <summary>Up to this many columns, each cell shows its value.</summary>
    private const int ValuesUpTo = 10;

    private const int LabelLength = 12;

    // The colour ramp (light to dark blue), as "Blues" of ColorBrewer in five stops.
    private static readonly (double R, double G, double B)[] Ramp =
        [(247, 251, 255), (198, 219, 239), (107, 174, 214), (33, 113, 181), (8, 48, 107)];

    /// <summary>The SVG and, for people, what could not be drawn (non-finite cells, rows or columns cut), or null.</summary>
    public static (string Svg, string? Note) Render(TrackFigure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        var rows = (figure.Cells ?? []).Take(MaxSide).Select(r => r ?? []).ToList();
        var columns = rows.Count == 0 ? 0 : Math.Min(MaxSide, rows.Max(r => r.Count));
        var finite = rows.SelectMany(r => r.Take(columns)).Where(double.IsFinite).ToList();
        var (min, max) = finite.Count == 0 ? (0.0, 1.0) : (finite.Min(), finite.Max());

        var cell = columns <= ValuesUpTo ? 44.0 : Math.Max(10, 440.0 / Math.Max(columns, 1));
        var left = 8 + 7 * Math.Min(LabelLength, Longest(figure.RowLabels, rows.Count));
        var top = 12 + 5 * Math.Min(LabelLength, Longest(figure.ColumnLabels, columns));
        var width = left + columns * cell + 90;
        var height = Math.Max(top + rows.Count * cell + 10, top + 130);

        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"figure-heatmap\" width=\"{C(width)}\" height=\"{C(height)}\" viewBox=\"0 0 {C(width)} {C(height)}\" role=\"img\" font-family=\"sans-serif\" font-size=\"11\">");
        for (var j = 0; j < columns; j++)
        {
            var (x, y) = (left + ((j + 0.5) * cell), top - 6);
            svg.Append($"<text x=\"{C(x)}\" y=\"{C(y)}\" transform=\"rotate(-40 {C(x)} {C(y)})\">{Label(figure.ColumnLabels, j)}</text>");
        }

        var nonFinite = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            var y = top + (i * cell);
            svg.Append($"<text x=\"{C(left - 6)}\" y=\"{C(y + (cell / 2) + 4)}\" text-anchor=\"end\">{Label(figure.RowLabels, i)}</text>");
            for (var j = 0; j < columns; j++)
            {
                var x = left + (j * cell);
                var value = j < rows[i].Count ? rows[i][j] : double.NaN;
                var ok = double.IsFinite(value);
                nonFinite += ok || j >= rows[i].Count ? 0 : 1;
                var t = ok ? Fraction(value, min, max) : 0;
                svg.Append($"<rect x=\"{C(x)}\" y=\"{C(y)}\" width=\"{C(cell)}\" height=\"{C(cell)}\" fill=\"{(ok ? Colour(t) : "#bdbdbd")}\" stroke=\"#fff\">");
                svg.Append($"<title>{Label(figure.RowLabels, i)} → {Label(figure.ColumnLabels, j)}: {FigureText.Escape(FigureText.Number(value))}</title></rect>");
                if (columns <= ValuesUpTo)
                {
                    var text = ok ? FigureText.Number(Math.Round(value, 2)) : "✗";
                    svg.Append($"<text x=\"{C(x + (cell / 2))}\" y=\"{C(y + (cell / 2) + 4)}\" text-anchor=\"middle\" fill=\"{(t > 0.55 ? "#fff" : "#222")}\">{FigureText.Escape(text)}</text>");
                }
            }
        }

        Scale(svg, left + (columns * cell) + 24, top, min, max);
        svg.Append("</svg>");

        var notes = new List<string>();
        if (nonFinite > 0)
        {
            notes.Add(nonFinite == 1 ? "1 cell is NaN or infinite (grey)" : $"{nonFinite} cells are NaN or infinite (grey)");
        }

        if (figure.Cells is { } all && (all.Count > MaxSide || all.Any(r => r is not null && r.Count > MaxSide)))
        {
            notes.Add($"only the first {MaxSide} rows and columns are drawn");
        }

        if (rows.Any(r => r.Count < columns))
        {
            notes.Add("the rows have different lengths (missing cells are grey)");
        }

        return (svg.ToString(), notes.Count == 0 ? null : string.Join("; ", notes));
    }

    /// <summary>The colour scale: ten steps from the smallest value to the largest, with both written beside it.</summary>
    private static void Scale(StringBuilder svg, double x, double y, double min, double max)
    {
        const int Steps = 10;
        const double Step = 10;
        for (var k = 0; k < Steps; k++)
        {
            // The largest value on top, as on a map's legend.
            var t = 1 - ((k + 0.5) / Steps);
            svg.Append($"<rect x=\"{C(x)}\" y=\"{C(y + (k * Step))}\" width=\"14\" height=\"{C(Step)}\" fill=\"{Colour(t)}\"/>");
        }

        svg.Append($"<text x=\"{C(x + 18)}\" y=\"{C(y + 9)}\">{FigureText.Escape(FigureText.Number(max))}</text>");
        svg.Append($"<text x=\"{C(x + 18)}\" y=\"{C(y + (Steps * Step))}\">{FigureText.Escape(FigureText.Number(min))}</text>");
    }

    /// <summary>Where <paramref name="value"/> lies between <paramref name="min"/> and <paramref name="max"/>, 0 to 1 (0.5 when they are equal).</summary>
    internal static double Fraction(double value, double min, double max)
    {
        var span = max - min;
        return span > 0 && double.IsFinite(span) ? Math.Clamp((value - min) / span, 0, 1) : 0.5;
    }

    /// <summary>The ramp's colour at <paramref name="t"/> (0 to 1), as <c>#rrggbb</c>.</summary>
    internal static string Colour(double t)
    {
        var position = Math.Clamp(t, 0, 1) * (Ramp.Length - 1);
        var k = Math.Min((int)position, Ramp.Length - 2);
        var f = position - k;
        var (a, b) = (Ramp[k], Ramp[k + 1]);
        static int Mix(double u, double v, double f) => (int)Math.Round(u + ((v - u) * f));
        return $"#{Mix(a.R, b.R, f):x2}{Mix(a.G, b.G, f):x2}{Mix(a.B, b.B, f):x2}";
    }

    private static string Label(IReadOnlyList<string>? labels, int index) =>
        labels is not null && index < labels.Count ? FigureText.Escape(labels[index], LabelLength) : index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static int Longest(IReadOnlyList<string>? labels, int count) =>
        Enumerable.Range(0, count).Select(i => labels is not null && i < labels.Count ? FigureText.Clean(labels[i], LabelLength).Length : i.ToString(System.Globalization.CultureInfo.InvariantCulture).Length).DefaultIfEmpty(1).Max();

    private static string C(double value) => FigureText.Coordinate(value);
}
