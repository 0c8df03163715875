namespace Dual.Track;

/// <summary>One line of a <see cref="FigureKind.Lines"/> figure: its legend and its y values at x = 0, 1, 2, ….</summary>
/// <param name="Name">The legend, e.g. <c>your backward</c> or <c>sigmoid net</c>.</param>
/// <param name="Values">The y values at x = 0, 1, 2, … (times <see cref="TrackFigure.XStep"/>); non-finite values are drawn as gaps.</param>
public sealed record FigureSeries(string Name, IReadOnlyList<double> Values);
