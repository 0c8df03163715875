namespace Dual.Track.Tests.WrongSolutions.Optimizers;

/// <summary>Wrong: the right numbers, written over the given state's arrays, which it then returns.</summary>
public sealed class MomentumMutatesState : IOptimizers
{
    public MomentumState MomentumStep(MomentumState state, double[] gradient, double learningRate, double beta)
    {
        for (var i = 0; i < state.Parameters.Length; i++)
        {
            state.Velocity[i] = beta * state.Velocity[i] + (1 - beta) * gradient[i];
            state.Parameters[i] -= learningRate * state.Velocity[i];
        }

        return state;
    }

    public AdamState AdamStep(AdamState state, double[] gradient, double learningRate, double beta1, double beta2, double epsilon) =>
        new global::Track.Optimizers().AdamStep(state, gradient, learningRate, beta1, beta2, epsilon);
}
