namespace Dual.Track;

/// <summary>A loss and its gradient at some parameters, as the problem in project 2 hands them to the learner's loop.</summary>
/// <param name="Loss">The loss at the parameters.</param>
/// <param name="Gradient">∂loss/∂parameter, one per parameter.</param>
public readonly record struct LossAndGradient(double Loss, double[] Gradient);
