using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
    /// With <paramref name="owned"/> the new p, m and v are written over its arrays (which the caller owns, behind
    /// <paramref name="parameters"/> and <paramref name="state"/>) and the same tensors are returned; otherwise into new arrays.
    /// </summary>
    public static (Params, OptimizerState) Update(
        string optimizer, LearningRateSchedule learningRate, double beta1, double beta2, double epsilon,
        double weightDecay, Func<string, Shape, bool> decays,
        Params parameters, Params gradients, OptimizerState state, OwnedArrays? owned = null)
    {
        var inPlace = owned is not null;
        ArgumentNullException.ThrowIfNull(parameters);
        // A session's own arrays keep their layout from step to step, and its gradients come in the same Params objects
        // every step: each checked once.
        if (owned is null || !owned.Checked(gradients))
        {
            OptimizerChecks.SameKeys(parameters, gradients, "gradients", nameof(gradients));
            OptimizerChecks.State(optimizer, parameters, state, FirstMoment, SecondMoment);
            owned?.MarkChecked(gradients);
        }
        var lr = learningRate.At(state.Step);
        var t = state.Step + 1;
        var correction1 = 1 - Math.Pow(beta1, t);
        var correction2 = 1 - Math.Pow(beta2, t);
        var (ms, vs) = (state[FirstMoment], state[SecondMoment]);
        // In place, the new values go over the old arrays and the same tensors come back; otherwise into new arrays
        // (uninitialised: every element is written), made here and handed over without a second copy.
        var newP = inPlace ? null : new List<KeyValuePair<string, Tensor>>(parameters.Count);
        var newM = inPlace ? null : new List<KeyValuePair<string, Tensor>>(parameters.Count);
        var newV = inPlace ? null : new List<KeyValuePair<string, Tensor>>(parameters.Count);
        var steps = new TensorStep[parameters.Count];
        var i = 0;
        foreach (var (path, param) in parameters)
        {
            var (p1, m1, v1) = owned is not null
                ? (owned.ParameterArrays[i], owned.SlotArrays[FirstMoment][i], owned.SlotArrays[SecondMoment][i])
                : (Elementwise.Uninitialized(param.Shape), Elementwise.Uninitialized(param.Shape), Elementwise.Uninitialized(param.Shape));
            // In place, the moments are read from the arrays they are written to (no look-up by name).
            steps[i] = new TensorStep(new Coefficients(beta1, beta2, correction1, correction2, lr, epsilon, Lambda(path, param)),
                param, gradients[path], inPlace ? null : ms[path], inPlace ? null : vs[path], p1, m1, v1);
            newP?.Add(new(path, TensorMarshal.FromOwnedArray(param.Shape, p1)));
            newM?.Add(new(path, TensorMarshal.FromOwnedArray(param.Shape, m1)));
            newV?.Add(new(path, TensorMarshal.FromOwnedArray(param.Shape, v1)));
            i++;
        }
        Run(steps);
        return newP is null
            ? (parameters, new OptimizerState(t, [new(FirstMoment, ms), new(SecondMoment, vs)]))
            : (Params.Of(newP), new OptimizerState(t, [new(FirstMoment, Params.Of(newM!)), new(SecondMoment, Params.Of(newV!))]));

        double Lambda(string path, Tensor param) => weightDecay > 0 && decays(path, param.Shape) ? weightDecay : 0.0;
    }

    // Below this many elements in all, one core is faster than handing half of the update to the helper thread.
    private const int TwoCoreElements = 2048;

    // Every element's update is independent and the vector body rounds like the scalar tail, so the split changes no
    // bit: the first half of all elements (in the parameters' order) runs on this thread, the second on the helper.
    private static void Run(TensorStep[] steps)
    {
        var total = 0L;
        foreach (var step in steps) total += step.Length;
        if (total < TwoCoreElements)
        {
            foreach (var step in steps) step.Run(0, step.Length);
            return;
        }
        var half = total / 2 / Vector256<double>.Count * Vector256<double>.Count;
        KernelThreads.For(2, part => RunRange(steps, part == 0 ? 0 : half, part == 0 ? half : total));
    }

    // The elements [from, to) of the parameters laid end to end.
    private static void RunRange(TensorStep[] steps, long from, long to)
    {
        var start = 0L;
        foreach (var step in steps)
        {
            var (lo, hi) = (Math.Max(from, start), Math.Min(to, start + step.Length));
            if (lo < hi) step.Run((int)(lo - start), (int)(hi - lo));
            start += step.Length;
        }
    }

    // One tensor's update: its parameter, gradient and moments (null: read from M1 and V1, updated in place), and the
    // arrays the new values go to.
    private sealed record TensorStep(Coefficients C, Tensor P, Tensor G, Tensor? M, Tensor? V, double[] P1, double[] M1, double[] V1)
    {
        public int Length => P1.Length;

        public void Run(int from, int count) => Step(C, P.Span.Slice(from, count), G.Span.Slice(from, count),
            (M is null ? M1 : M.Span).Slice(from, count), (V is null ? V1 : V.Span).Slice(from, count),
            P1.AsSpan(from, count), M1.AsSpan(from, count), V1.AsSpan(from, count));
    }

    private readonly record struct Coefficients(double Beta1, double Beta2, double Correction1, double Correction2, double Lr, double Epsilon, double Lambda);

    // One pass over a tensor: reads p, g, m, v once and writes p', m', v' (which may be p, m, v themselves:
    // each element is read before it is written). The vector body does the same IEEE
    // operations in the same order as the scalar tail (no fused multiply-adds), so results do not depend on
    // which elements fall in a vector: the golden microgpt trace replays bit for bit.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Step(in Coefficients c, ReadOnlySpan<double> p, ReadOnlySpan<double> g, ReadOnlySpan<double> m0, ReadOnlySpan<double> v0,
        Span<double> p1, Span<double> m1, Span<double> v1)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var (b1, b2) = (Vector256.Create(c.Beta1), Vector256.Create(c.Beta2));
            var (g1, g2) = (Vector256.Create(1 - c.Beta1), Vector256.Create(1 - c.Beta2));
            var (k1, k2) = (Vector256.Create(c.Correction1), Vector256.Create(c.Correction2));
            var (lr, eps, lambda) = (Vector256.Create(c.Lr), Vector256.Create(c.Epsilon), Vector256.Create(c.Lambda));
            ref var pr = ref MemoryMarshal.GetReference(p);
            ref var gr = ref MemoryMarshal.GetReference(g);
            ref var mr = ref MemoryMarshal.GetReference(m0);
            ref var vr = ref MemoryMarshal.GetReference(v0);
            ref var p1r = ref MemoryMarshal.GetReference(p1);
            ref var m1r = ref MemoryMarshal.GetReference(m1);
            ref var v1r = ref MemoryMarshal.GetReference(v1);
            for (; i <= p.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var at = (nuint)i;
                var gi = Vector256.LoadUnsafe(ref gr, at);
                var pi = Vector256.LoadUnsafe(ref pr, at);
                var m = b1 * Vector256.LoadUnsafe(ref mr, at) + g1 * gi;
                var v = b2 * Vector256.LoadUnsafe(ref vr, at) + g2 * gi * gi;
                m.StoreUnsafe(ref m1r, at);
                v.StoreUnsafe(ref v1r, at);
                (pi - lr * (m / k1 / (Vector256.Sqrt(v / k2) + eps) + lambda * pi)).StoreUnsafe(ref p1r, at);
            }
        }
        for (; i < p.Length; i++)
        {
            var m = c.Beta1 * m0[i] + (1 - c.Beta1) * g[i];
            var v = c.Beta2 * v0[i] + (1 - c.Beta2) * g[i] * g[i];
            m1[i] = m;
            v1[i] = v;
            p1[i] = p[i] - c.Lr * (m / c.Correction1 / (Math.Sqrt(v / c.Correction2) + c.Epsilon) + c.Lambda * p[i]);
        }
    }
}
