namespace Dual.Track;

/// <summary>How the page draws a <see cref="TrackFigure"/>.</summary>
public enum FigureKind
{
    /// <summary>One or more lines over a shared x axis (step, layer, …): <see cref="TrackFigure.Series"/>.</summary>
    Lines,

    /// <summary>A matrix of numbers as coloured cells (attention weights): <see cref="TrackFigure.Cells"/>.</summary>
    Heatmap,

    /// <summary>A list of short texts (sampled names): <see cref="TrackFigure.Items"/>.</summary>
    List,
}
