namespace Dual.Track.Tests.WrongSolutions.Optimizers;

/// <summary>Wrong (here): v = βv + g, the (1 - β) of the average left out.</summary>
public sealed class MomentumWithoutOneMinusBeta : IOptimizers
{
    public MomentumState MomentumStep(MomentumState state, double[] gradient, double learningRate, double beta)
    {
        var v = state.Velocity.Select((vi, i) => beta * vi + gradient[i]).ToArray();
        return new MomentumState([.. state.Parameters.Select((p, i) => p - learningRate * v[i])], v);
    }

    public AdamState AdamStep(AdamState state, double[] gradient, double learningRate, double beta1, double beta2, double epsilon) =>
        new global::Track.Optimizers().AdamStep(state, gradient, learningRate, beta1, beta2, epsilon);
}
