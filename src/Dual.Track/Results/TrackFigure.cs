namespace Dual.Track;

/// <summary>
/// The numbers behind a picture a check attaches to its result (a loss curve, per-layer gradient norms, attention
/// weights, sampled names). Graders produce the data; the page draws it, so a result stays plain data that crosses the
/// grader's process boundary as JSON. Which members are set depends on <see cref="Kind"/>.
/// </summary>
/// <param name="Kind">How to draw it.</param>
/// <param name="Title">The caption, e.g. <c>XOR: loss per step with your backward</c>.</param>
public sealed record TrackFigure(FigureKind Kind, string Title)
{
    /// <summary>The x axis's label (lines), e.g. <c>step</c> or <c>layer</c>.</summary>
    public string? XLabel { get; init; }

    /// <summary>The y axis's label (lines), e.g. <c>loss</c>.</summary>
    public string? YLabel { get; init; }

    /// <summary>
    /// The x distance between consecutive values of a series (lines): a loss recorded every 10th step has 10, so value i
    /// is drawn at x = i·10. Anything but a positive finite number counts as 1.
    /// </summary>
    public double XStep { get; init; } = 1;

    /// <summary>Whether the y axis is logarithmic (lines whose values span orders of magnitude).</summary>
    public bool LogY { get; init; }

    /// <summary>The lines, for <see cref="FigureKind.Lines"/>.</summary>
    public IReadOnlyList<FigureSeries>? Series { get; init; }

    /// <summary>The matrix by rows, for <see cref="FigureKind.Heatmap"/> (e.g. query position × key position).</summary>
    public IReadOnlyList<IReadOnlyList<double>>? Cells { get; init; }

    /// <summary>Labels of the heat map's rows (e.g. the query tokens), or null for 0, 1, 2, ….</summary>
    public IReadOnlyList<string>? RowLabels { get; init; }

    /// <summary>Labels of the heat map's columns (e.g. the key tokens), or null for 0, 1, 2, ….</summary>
    public IReadOnlyList<string>? ColumnLabels { get; init; }

    /// <summary>The texts, for <see cref="FigureKind.List"/>.</summary>
    public IReadOnlyList<string>? Items { get; init; }

    /// <summary>A line chart of one or more series over steps.</summary>
    public static TrackFigure Lines(string title, string xLabel, string yLabel, params FigureSeries[] series) =>
        new(FigureKind.Lines, title) { XLabel = xLabel, YLabel = yLabel, Series = series };

    /// <summary>A heat map of <paramref name="cells"/> (by rows).</summary>
    public static TrackFigure Heatmap(string title, IReadOnlyList<IReadOnlyList<double>> cells, IReadOnlyList<string>? rowLabels = null, IReadOnlyList<string>? columnLabels = null) =>
        new(FigureKind.Heatmap, title) { Cells = cells, RowLabels = rowLabels, ColumnLabels = columnLabels };

    /// <summary>A list of short texts.</summary>
    public static TrackFigure List(string title, IReadOnlyList<string> items) => new(FigureKind.List, title) { Items = items };
}
