namespace Dual.Models;

/// <summary>
/// A pure optimizer: <see cref="Init"/> makes the state for some parameters, and
/// <see cref="Update"/> returns new parameters and a new state from the old ones and the
/// gradients, changing nothing it was given.
/// </summary>
public interface IOptimizer
{
    /// <summary>The learning rate per step: the k-th update (k = <see cref="OptimizerState.Step"/>, from 0) uses <c>LearningRate.At(k)</c>.</summary>
    LearningRateSchedule LearningRate { get; }

    /// <summary>The state before the first update (step 0; moments or velocities of zeros with the parameters' keys).</summary>
    OptimizerState Init(Params parameters);

    /// <summary>
    /// One update. <paramref name="gradients"/> must have exactly the keys and shapes of
    /// <paramref name="parameters"/>, and <paramref name="state"/> must come from this kind of
    /// optimizer for these parameters; otherwise an <see cref="ArgumentException"/> names the mismatch.
    /// </summary>
    /// <returns>The new parameters and the new state, whose step is one more.</returns>
    (Params Params, OptimizerState State) Update(Params parameters, Params gradients, OptimizerState state);
}
