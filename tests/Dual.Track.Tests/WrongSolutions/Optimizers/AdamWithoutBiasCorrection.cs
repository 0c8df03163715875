namespace Dual.Track.Tests.WrongSolutions.Optimizers;

/// <summary>Wrong: p = p - lr·m/(√v + ε), the bias correction of m and v forgotten.</summary>
public sealed class AdamWithoutBiasCorrection : IOptimizers
{
    public MomentumState MomentumStep(MomentumState state, double[] gradient, double learningRate, double beta) =>
        new global::Track.Optimizers().MomentumStep(state, gradient, learningRate, beta);

    public AdamState AdamStep(AdamState state, double[] gradient, double learningRate, double beta1, double beta2, double epsilon)
    {
        var n = state.Parameters.Length;
        var (p, m, v) = (new double[n], new double[n], new double[n]);
        for (var i = 0; i < n; i++)
        {
            m[i] = beta1 * state.M[i] + (1 - beta1) * gradient[i];
            v[i] = beta2 * state.V[i] + (1 - beta2) * gradient[i] * gradient[i];
            p[i] = state.Parameters[i] - learningRate * m[i] / (Math.Sqrt(v[i]) + epsilon);
        }

        return new AdamState(p, m, v, state.Step + 1);
    }
}
