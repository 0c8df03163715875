namespace Dual.Models;

/// <summary>The Adam update shared by <see cref="Adam"/> and <see cref="AdamW"/> (which adds decoupled weight decay).</summary>
internal static class AdamMath
{
    public const string FirstMoment = "m";
    public const string SecondMoment = "v";

    public static OptimizerState Init(Params parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var zeros = parameters.Map((_, p) => Tensor.Zeros(p.Shape));
        return new OptimizerState(0, [new(FirstMoment, zeros), new(SecondMoment, zeros)]);
    }

    /// <summary>
    /// t = step + 1; m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; m̂ = m/(1−β₁ᵗ); v̂ = v/(1−β₂ᵗ);
    /// p ← p − η·(m̂/(√v̂ + ε) + λ·p), with λ = <paramref name="weightDecay"/> where <paramref name="decays"/> says so, else 0.
    /// </summary>
    public static (Params, OptimizerState) Update(
        string optimizer, LearningRateSchedule learningRate, double beta1, double beta2, double epsilon,
        double weightDecay, Func<string, Shape, bool> decays,
        Params parameters, Params gradients, OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        OptimizerChecks.SameKeys(parameters, gradients, "gradients", nameof(gradients));
        OptimizerChecks.State(optimizer, parameters, state, FirstMoment, SecondMoment);
        var lr = learningRate.At(state.Step);
        var t = state.Step + 1;
        var correction1 = 1 - Math.Pow(beta1, t);
        var correction2 = 1 - Math.Pow(beta2, t);
        var (ms, vs) = (state[FirstMoment], state[SecondMoment]);

        var newP = new List<KeyValuePair<string, Tensor>>(parameters.Count);
        var newM = new List<KeyValuePair<string, Tensor>>(parameters.Count);
        var newV = new List<KeyValuePair<string, Tensor>>(parameters.Count);
        foreach (var (path, param) in parameters)
        {
            var lambda = weightDecay > 0 && decays(path, param.Shape) ? weightDecay : 0.0;
            ReadOnlySpan<double> p = param.Span, g = gradients[path].Span, m0 = ms[path].Span, v0 = vs[path].Span;
            var (p1, m1, v1) = (new double[p.Length], new double[p.Length], new double[p.Length]);
            for (var i = 0; i < p.Length; i++)
            {
                m1[i] = beta1 * m0[i] + (1 - beta1) * g[i];
                v1[i] = beta2 * v0[i] + (1 - beta2) * g[i] * g[i];
                var mHat = m1[i] / correction1;
                var vHat = v1[i] / correction2;
                p1[i] = p[i] - lr * (mHat / (Math.Sqrt(vHat) + epsilon) + lambda * p[i]);
            }
            // The three arrays were made here and are handed over: no second copy per tensor.
            newP.Add(new(path, TensorMarshal.FromOwnedArray(param.Shape, p1)));
            newM.Add(new(path, TensorMarshal.FromOwnedArray(param.Shape, m1)));
            newV.Add(new(path, TensorMarshal.FromOwnedArray(param.Shape, v1)));
        }
        return (Params.Of(newP), new OptimizerState(t, [new(FirstMoment, Params.Of(newM)), new(SecondMoment, Params.Of(newV))]));
    }
}
