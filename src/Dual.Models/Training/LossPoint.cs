namespace Dual.Models;

/// <summary>A loss measured after a number of training steps (a point of a validation curve).</summary>
/// <param name="Step">The number of training steps done when it was measured.</param>
/// <param name="Loss">The loss.</param>
public sealed record LossPoint(int Step, double Loss);
