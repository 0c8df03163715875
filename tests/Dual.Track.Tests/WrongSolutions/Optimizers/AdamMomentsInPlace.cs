namespace Dual.Track.Tests.WrongSolutions.Optimizers;

/// <summary>Wrong: new parameters, but m and v updated in the given arrays, which the new state then shares.</summary>
public sealed class AdamMomentsInPlace : IOptimizers
{
    public MomentumState MomentumStep(MomentumState state, double[] gradient, double learningRate, double beta) =>
        new global::Track.Optimizers().MomentumStep(state, gradient, learningRate, beta);

    public AdamState AdamStep(AdamState state, double[] gradient, double learningRate, double beta1, double beta2, double epsilon)
    {
        var t = state.Step + 1;
        var p = new double[state.Parameters.Length];
        for (var i = 0; i < p.Length; i++)
        {
            state.M[i] = beta1 * state.M[i] + (1 - beta1) * gradient[i];
            state.V[i] = beta2 * state.V[i] + (1 - beta2) * gradient[i] * gradient[i];
            p[i] = state.Parameters[i] - learningRate * (state.M[i] / (1 - Math.Pow(beta1, t))) / (Math.Sqrt(state.V[i] / (1 - Math.Pow(beta2, t))) + epsilon);
        }

        return new AdamState(p, state.M, state.V, t);
    }
}
