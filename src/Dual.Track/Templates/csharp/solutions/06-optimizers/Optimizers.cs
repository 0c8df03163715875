using Dual.Track;

namespace Track;

/// <summary>
/// Project 6, optimizers as pure functions: state in, new state out. A reference solution.
/// </summary>
public sealed class Optimizers : IOptimizers
{
    /// <summary>v = βv + (1 - β)g, then p = p - lr·v, into new arrays.</summary>
    public MomentumState MomentumStep(MomentumState state, double[] gradient, double learningRate, double beta)
    {
        var n = state.Parameters.Length;
        var (p, v) = (new double[n], new double[n]);
        for (var i = 0; i < n; i++)
        {
            v[i] = beta * state.Velocity[i] + (1 - beta) * gradient[i];
            p[i] = state.Parameters[i] - learningRate * v[i];
        }

        return new MomentumState(p, v);
    }

    /// <summary>Adam with bias correction, t = Step + 1, into new arrays.</summary>
    public AdamState AdamStep(AdamState state, double[] gradient, double learningRate, double beta1, double beta2, double epsilon)
    {
        var n = state.Parameters.Length;
        var t = state.Step + 1;
        var (p, m, v) = (new double[n], new double[n], new double[n]);
        for (var i = 0; i < n; i++)
        {
            m[i] = beta1 * state.M[i] + (1 - beta1) * gradient[i];
            v[i] = beta2 * state.V[i] + (1 - beta2) * gradient[i] * gradient[i];
            var mHat = m[i] / (1 - Math.Pow(beta1, t));
            var vHat = v[i] / (1 - Math.Pow(beta2, t));
            p[i] = state.Parameters[i] - learningRate * mHat / (Math.Sqrt(vHat) + epsilon);
        }

        return new AdamState(p, m, v, t);
    }
}
