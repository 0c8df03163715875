namespace Dual.Track.Tests.WrongSolutions.Optimizers;

/// <summary>Wrong: the right update, but the new state keeps the old Step, so every update is corrected as the first.</summary>
public sealed class AdamStepNotCounted : IOptimizers
{
    public MomentumState MomentumStep(MomentumState state, double[] gradient, double learningRate, double beta) =>
        new global::Track.Optimizers().MomentumStep(state, gradient, learningRate, beta);

    public AdamState AdamStep(AdamState state, double[] gradient, double learningRate, double beta1, double beta2, double epsilon) =>
        new global::Track.Optimizers().AdamStep(state, gradient, learningRate, beta1, beta2, epsilon) with { Step = state.Step };
}
