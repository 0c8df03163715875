using Dual.Models;

namespace Dual.Cli.Commands;

/// <summary>
/// Everything <c>dual train</c> needs for one data set: the built loss, initial parameters, the
/// optimizer, the number of steps, the inputs of each step, and the final summary
/// (<c>accuracy=… loss=…</c>) computed from the trained parameters.
/// </summary>
internal sealed record TrainingSetup(
    Built<Expr> Loss,
    Params Initial,
    IOptimizer Optimizer,
    int Steps,
    Func<int, Env> Batches,
    Func<Params, string> Summary,
    Env GradientBatch);
