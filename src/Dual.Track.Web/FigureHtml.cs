using System.Text;

namespace Dual.Track.Web;

/// <summary>
/// A check's <see cref="TrackFigure"/> as the HTML the page puts under the check: a <c>figure</c> with the escaped
/// title as its caption and, by <see cref="FigureKind"/>, a line chart (ScottPlot's SVG), a heat map (hand-written SVG)
/// or a list. A figure that cannot be drawn says why instead: a learner's odd numbers must never break the page.
/// </summary>
internal static class FigureHtml
{
    /// <summary>At most this many items of a list are shown.</summary>
    public const int MaxItems = 200;

    /// <summary>The figure's HTML (its text escaped: it comes from the learner's process).</summary>
    public static string Render(TrackFigure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        var kind = figure.Kind switch
        {
            FigureKind.Lines => "lines",
            FigureKind.Heatmap => "heatmap",
            FigureKind.List => "list",
            _ => "unknown",
        };
        var html = new StringBuilder();
        html.Append($"<figure class=\"check-figure\" data-kind=\"{kind}\"><figcaption>{FigureText.Escape(figure.Title)}</figcaption>");
        string body, note;
        try
        {
            (body, var why) = figure.Kind switch
            {
                FigureKind.Lines => LineChartSvg.Render(figure),
                FigureKind.Heatmap => HeatmapSvg.Render(figure),
                FigureKind.List => List(figure),
                _ => ("", $"this version of the page cannot draw a figure of kind {(int)figure.Kind}"),
            };
            note = why ?? "";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // ScottPlot draws through SkiaSharp's native library, which the tool carries for its main runtimes only.
            body = "";
            note = "this picture could not be drawn here: " + e.GetType().Name + ": " + e.Message;
        }

        html.Append(body);
        if (note.Length > 0)
        {
            html.Append($"<p class=\"figure-note\">{FigureText.Escape(note, 600)}</p>");
        }

        return html.Append("</figure>").ToString();
    }

    private static (string Html, string? Note) List(TrackFigure figure)
    {
        var items = figure.Items ?? [];
        var html = new StringBuilder("<ol class=\"figure-list\">");
        foreach (var item in items.Take(MaxItems))
        {
            html.Append($"<li>{FigureText.Escape(item)}</li>");
        }

        html.Append("</ol>");
        return (html.ToString(), items.Count > MaxItems ? $"{items.Count - MaxItems} more not shown" : items.Count == 0 ? "(no items)" : null);
    }
}
