namespace Dual.Track.Tests.WrongSolutions.Optimizers;

/// <summary>Wrong (for this track and Dual): m̂/√(v̂ + ε), ε under the square root.</summary>
public sealed class AdamEpsilonInsideRoot : IOptimizers
{
    public MomentumState MomentumStep(MomentumState state, double[] gradient, double learningRate, double beta) =>
        new global::Track.Optimizers().MomentumStep(state, gradient, learningRate, beta);

    public AdamState AdamStep(AdamState state, double[] gradient, double learningRate, double beta1, double beta2, double epsilon)
    {
        var n = state.Parameters.Length;
        var t = state.Step + 1;
        var (p, m, v) = (new double[n], new double[n], new double[n]);
        for (var i = 0; i < n; i++)
        {
            m[i] = beta1 * state.M[i] + (1 - beta1) * gradient[i];
            v[i] = beta2 * state.V[i] + (1 - beta2) * gradient[i] * gradient[i];
            p[i] = state.Parameters[i] - learningRate * (m[i] / (1 - Math.Pow(beta1, t))) / Math.Sqrt(v[i] / (1 - Math.Pow(beta2, t)) + epsilon);
        }

        return new AdamState(p, m, v, t);
    }
}
