namespace Dual.Models;

/// <summary>The outcome of <see cref="Trainer.Run"/>: the final parameters and optimizer state, and what each step reported.</summary>
public sealed class TrainingResult
{
    internal TrainingResult(Params parameters, OptimizerState state, IReadOnlyList<TrainingStep> steps)
    {
        (Params, State, Steps) = (parameters, state, steps);
        Losses = steps.Select(s => s.Loss).ToArray();
    }

    /// <summary>The parameters after the last update.</summary>
    public Params Params { get; }

    /// <summary>The optimizer state after the last update (pass it back to continue training).</summary>
    public OptimizerState State { get; }

    /// <summary>Every step's report, in order.</summary>
    public IReadOnlyList<TrainingStep> Steps { get; }

    /// <summary>The loss of every step, in order (each before its update).</summary>
    public IReadOnlyList<double> Losses { get; }
}
