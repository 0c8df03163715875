namespace Dual.Track.Web;

/// <summary>
/// A <see cref="FigureKind.Lines"/> figure as SVG, drawn by ScottPlot (as <c>dual train --plot</c> draws): one coloured
/// line per series with its legend, the axis labels, and a logarithmic y axis when the figure asks for one. A learner's
/// NaN or infinite values (and, on a log axis, values ≤ 0) break the line into pieces instead of breaking the picture.
/// </summary>
internal static class LineChartSvg
{
    /// <summary>The picture's size in SVG units (the page scales it to its column).</summary>
    public const int Width = 640, Height = 320;

    /// <summary>At most this many series are drawn (the rest are named in a note).</summary>
    public const int MaxSeries = 10;

    /// <summary>At most this many points per series are drawn; a longer series is thinned evenly.</summary>
    public const int MaxPoints = 1500;

    /// <summary>Finite values beyond this size are drawn as gaps: their axis range would overflow.</summary>
    private const double Largest = 1e300;

    /// <summary>The SVG and, for people, what could not be drawn (non-finite values, extra series), or null.</summary>
    public static (string Svg, string? Note) Render(TrackFigure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        var series = figure.Series ?? [];
        var step = double.IsFinite(figure.XStep) && figure.XStep > 0 ? figure.XStep : 1;
        var plot = new ScottPlot.Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var notes = new List<string>();
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        for (var s = 0; s < Math.Min(series.Count, MaxSeries); s++)
        {
            var name = FigureText.Clean(series[s]?.Name);
            var values = series[s]?.Values ?? [];
            var color = palette.GetColor(s);
            var stride = Math.Max(1, (values.Count + MaxPoints - 1) / MaxPoints);
            var skipped = 0;
            var pieces = 0;
            var run = new List<(double X, double Y)>();
            for (var i = 0; i <= values.Count; i++)
            {
                var y = i < values.Count ? Drawn(values[i], figure.LogY) : null;
                if (i < values.Count && y is null)
                {
                    skipped++;
                }

                if (y is not null && i % stride == 0)
                {
                    run.Add((i * step, y.Value));
                    (low, high) = (Math.Min(low, y.Value), Math.Max(high, y.Value));
                }

                if ((y is null || i == values.Count - 1) && run.Count > 0)
                {
                    Add(plot, run, color, LineWidth(s), pieces++ == 0 ? name : null);
                    run.Clear();
                }
            }

            if (pieces == 0)
            {
                // Still in the legend, so the learner sees which series had nothing to draw.
                Add(plot, run, color, LineWidth(s), name + " (nothing to draw)");
            }

            if (skipped > 0)
            {
                notes.Add($"{name}: {skipped} of {values.Count} values {(figure.LogY ? "are NaN, infinite or ≤ 0 (log scale)" : "are NaN or infinite")}, drawn as gaps");
            }
        }

        if (series.Count > MaxSeries)
        {
            notes.Add($"{series.Count - MaxSeries} more series not drawn (at most {MaxSeries})");
        }

        plot.XLabel(FigureText.Clean(figure.XLabel));
        plot.YLabel(FigureText.Clean(figure.YLabel) + (figure.LogY ? " (log scale)" : ""));
        // Tick labels in the invariant culture (ScottPlot's own follow the machine's: "1,000" or "1.000").
        // Whole-number x (steps, layers) gets whole-number ticks: no "layer 0.5".
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = FigureText.Tick, IntegerTicksOnly = step == Math.Floor(step) };
        if (figure.LogY)
        {
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                LabelFormatter = y => FigureText.Tick(Math.Pow(10, y)),
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                // Whole decades when the values span one or more; within one decade the labels fall between powers of ten.
                IntegerTicksOnly = high - low >= 1,
            };
        }
        else
        {
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = FigureText.Tick };
        }

        if (series.Count > 0)
        {
            plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        }

        return (Embeddable(plot.GetSvgXml(Width, Height)), notes.Count == 0 ? null : string.Join("; ", notes));
    }

    /// <summary>The y to draw for <paramref name="value"/> (its log10 on a log axis), or null for a gap.</summary>
    private static double? Drawn(double value, bool logY) =>
        !double.IsFinite(value) || Math.Abs(value) > Largest ? null
        : logY ? (value > 0 ? Math.Log10(value) : null)
        : value;

    /// <summary>
    /// The first series widest, as later ones are drawn over it: where the learner's line and the reference agree, the
    /// reference shows as a thin line inside the learner's instead of hiding it.
    /// </summary>
    private static float LineWidth(int series) => series switch { 0 => 4.5f, 1 => 2f, _ => 1.5f };

    private static void Add(ScottPlot.Plot plot, List<(double X, double Y)> run, ScottPlot.Color color, float width, string? legend)
    {
        var line = plot.Add.Scatter(run.Select(p => p.X).ToArray(), run.Select(p => p.Y).ToArray());
        line.Color = color;
        line.LineWidth = width;
        // A lone point between gaps has no line to show it: give it a marker.
        line.MarkerSize = run.Count == 1 ? 6 : 0;
        if (legend is not null)
        {
            line.LegendText = legend;
        }
    }

    /// <summary>ScottPlot's document made an element for the page: no XML declaration, a viewBox so it scales.</summary>
    private static string Embeddable(string svg)
    {
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException("ScottPlot returned no <svg> element");
        }

        return $"<svg class=\"figure-chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\"" + svg[(start + "<svg".Length)..];
    }
}
