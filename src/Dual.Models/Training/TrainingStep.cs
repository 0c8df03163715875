namespace Dual.Models;

/// <summary>What one training step reports.</summary>
/// <param name="Step">The 0-based index k of the update (the learning-rate schedule's argument).</param>
/// <param name="Loss">The loss at the parameters before the update.</param>
/// <param name="LearningRate">The learning rate the update used.</param>
/// <param name="GradientNorm">The global L2 norm of the gradients, before any clipping.</param>
public sealed record TrainingStep(int Step, double Loss, double LearningRate, double GradientNorm);
