namespace Dual.Models;

/// <summary>
/// An optimizer that can also write its update into arrays the caller owns (the built-in ones do).
/// <see cref="TrainingSession"/> uses it once its parameters and state are arrays that only the session has
/// seen; every other caller gets the pure <see cref="IOptimizer.Update"/>. The numbers are bit for bit those
/// of <see cref="IOptimizer.Update"/>: the same operations in the same order, only the destination differs.
/// </summary>
internal interface IInPlaceOptimizer : IOptimizer
{
    /// <summary>
    /// One update of <paramref name="owned"/>'s parameters and state written into its arrays, which the caller owns
    /// exclusively. Returns the state one step on, whose slots are those same tensors. Checks its arguments as
    /// <see cref="IOptimizer.Update"/> does.
    /// </summary>
    OptimizerState UpdateInPlace(OwnedArrays owned, Params gradients);
}
