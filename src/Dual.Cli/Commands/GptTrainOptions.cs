namespace Dual.Cli.Commands;

/// <summary>The options of <c>dual train names|shakespeare</c> as given on the command line (null: not given).</summary>
/// <param name="Steps">Steps to run (more steps, when resuming).</param>
/// <param name="Seed">Seed of the initial weights, the data and the samples.</param>
/// <param name="LearningRate">Peak learning rate.</param>
/// <param name="Out">Where to save the checkpoint.</param>
/// <param name="Resume">The checkpoint to continue from.</param>
/// <param name="Plot">Where to draw the loss curves (.png or .svg).</param>
/// <param name="Init">names only: <c>seed</c> (Dual's seeded initial weights) or <c>golden</c> (replay microgpt's trace).</param>
/// <param name="EvalEvery">Steps between evaluations.</param>
/// <param name="Data">A corpus of the user's to train on instead of the bundled data set.</param>
internal sealed record GptTrainOptions(
    int? Steps, int? Seed, double? LearningRate, string? Out, string? Resume, string? Plot, string? Init, int? EvalEvery, string? Data = null)
{
    /// <summary>How many recent steps the reported training loss averages.</summary>
    public const int LossWindow = 100;

    /// <summary>The reported training loss: the mean of the last <see cref="LossWindow"/> step losses (fewer if there are fewer).</summary>
    public static double RunningLoss(IReadOnlyList<double> losses) =>
        losses.Count == 0 ? double.NaN : losses.Skip(Math.Max(0, losses.Count - LossWindow)).Average();
}
