using Dual.Models;

namespace Dual.Cli.Commands;

/// <summary>
/// The loss curves of a training run drawn with ScottPlot: every step's training loss (faint), its running mean, and
/// the validation losses (markers). PNG or SVG, chosen by the file's extension.
/// </summary>
internal static class LossPlot
{
    /// <summary>The extensions <c>--plot</c> accepts.</summary>
    public static readonly IReadOnlyList<string> Extensions = [".png", ".svg"];

    /// <summary>The picture's size in pixels.</summary>
    public const int Width = 900;

    /// <summary>The picture's height in pixels.</summary>
    public const int Height = 540;

    /// <summary>The y-axis label of next-token models.</summary>
    public const string CrossEntropyLabel = "loss (cross-entropy, nats)";

    /// <summary>Whether <paramref name="path"/> ends with one of <see cref="Extensions"/> (any case).</summary>
    public static bool HasKnownExtension(string path) =>
        Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <summary>
    /// Writes the curves to <paramref name="path"/>. Step k (1-based) of <paramref name="trainLosses"/> is drawn at x = k;
    /// the running mean is over the last <paramref name="window"/> steps (at most as many as there are). The file is written atomically.
    /// </summary>
    public static void Save(string path, string title, IReadOnlyList<double> trainLosses, IReadOnlyList<LossPoint> validation, int window, string yLabel = "loss")
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var plot = new ScottPlot.Plot();
        if (trainLosses.Count > 0)
        {
            // The window never spans more steps than there are: a 3-step run is not labelled "mean of the last 100 steps".
            window = Math.Clamp(window, 1, trainLosses.Count);
            var xs = Enumerable.Range(1, trainLosses.Count).Select(k => (double)k).ToArray();
            var raw = plot.Add.ScatterLine(xs, trainLosses.ToArray());
            raw.LegendText = "training loss (each step)";
            raw.Color = ScottPlot.Colors.SteelBlue.WithAlpha(0.25);
            raw.LineWidth = 1;

            var mean = plot.Add.ScatterLine(xs, RunningMean(trainLosses, window));
            mean.LegendText = $"training loss (mean of the last {window} steps)";
            mean.Color = ScottPlot.Colors.SteelBlue;
            mean.LineWidth = 2;
        }

        if (validation.Count > 0)
        {
            var val = plot.Add.Scatter(validation.Select(p => (double)p.Step).ToArray(), validation.Select(p => p.Loss).ToArray());
            val.LegendText = "validation loss";
            val.Color = ScottPlot.Colors.OrangeRed;
            val.LineWidth = 2;
            val.MarkerSize = 8;
        }

        plot.Title(title);
        plot.XLabel("step");
        plot.YLabel(yLabel);
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        // Rendered in memory, then written atomically: a full disk or a kill never leaves a half-written picture.
        var bytes = Path.GetExtension(path).Equals(".svg", StringComparison.OrdinalIgnoreCase)
            ? System.Text.Encoding.UTF8.GetBytes(plot.GetSvgXml(Width, Height))
            : plot.GetImageBytes(Width, Height, ScottPlot.ImageFormat.Png);
        AtomicFile.WriteAllBytes(path, bytes);
    }

    /// <summary>At each step the mean of the losses of the last <paramref name="window"/> steps up to it (fewer at the start).</summary>
    public static double[] RunningMean(IReadOnlyList<double> losses, int window)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(window);
        var means = new double[losses.Count];
        var sum = 0.0;
        for (var i = 0; i < losses.Count; i++)
        {
            sum += losses[i];
            if (i >= window)
            {
                sum -= losses[i - window];
            }

            means[i] = sum / Math.Min(i + 1, window);
        }

        return means;
    }
}
