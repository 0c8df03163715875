using Dual.Models;

namespace Dual.Bench;

/// <summary>
/// B2: micrograd's demo. 100 two-moons points (make_moons layout, DetRng(1) noise), MLP 2-16-16-1
/// ReLU, W ~ U(−1, 1) from DetRng(2) with biases 0, loss mean(relu(1 − y·score)) + 1e-4·Σp², full
/// batch, SGD lr = 1 − 0.9k/100, 100 steps. One untimed run, then five timed runs from the same
/// init; step_ms is the median over the 500 timed steps (a step: loss + gradients, then the update).
/// steady_step_ms: the same five timed runs again after 30 more untimed ones (the JIT's steady state).
/// </summary>
internal static class B2Micrograd
{
    private const int N = 100, Steps = 100, Runs = 5, SteadyRuns = 30;
    private const double Noise = 0.1, Alpha = 1e-4;
    private static readonly int[] Widths = [2, 16, 16, 1];

    public static void Run()
    {
        var (xs, ys) = Moons();
        var batch = Env.Of(("x", Tensor.FromArray([N, 2], xs)), ("y", Tensor.FromArray([N], ys)));
        var x = Expr.Variable("x", [N, 2]);
        var y = Expr.Variable("y", [N]);
        var scoreModel = Layers.Mlp(x, Widths[1..]).Select(s => s.Reshape([N]));
        var lossModel = from score in scoreModel
                        from ps in Model.Declared()
                        select Losses.Hinge(score, y) + Alpha * Losses.L2(ps);
        var model = lossModel.Build();
        var scores = scoreModel.Build().Value;
        var optimizer = new Sgd(LearningRateSchedule.Custom(k => 1.0 - 0.9 * k / 100.0, "1 - 0.9k/100"));

        // The protocol of the peer: one untimed run, then five timed runs.
        var meter = new Meter();
        var (firstLoss, finalLoss, accuracy) = Train(null);
        for (var run = 0; run < Runs; run++) (firstLoss, finalLoss, accuracy) = Train(meter);
        // Steady state: the run above is over in a fraction of a second, before .NET's tiered JIT has
        // recompiled the hot kernels with full optimisation; after SteadyRuns more untimed runs it has.
        var steady = new Meter();
        var steadyGradMs = new List<double>();
        for (var run = 0; run < SteadyRuns; run++) Train(null);
        for (var run = 0; run < Runs; run++) Train(steady);
        Report.Line("B2", "f64",
        [
            ("step_ms", meter.MedianMs), ("mean_step_ms", meter.MeanMs),
            ("loss_step1", firstLoss), ("final_loss", finalLoss), ("accuracy", accuracy),
            ("steady_step_ms", steady.MedianMs),
            ("runs", Runs), ("steps", Steps), ("data_sum", xs.Sum()), ("nodes", GraphSize.Nodes(model.Value, model.Parameters)),
            .. meter.GcFields(),
        ]);

        // One 100-step training run from the initial weights: (loss of step 1, loss of step 100, accuracy at step 100).
        (double, double, double) Train(Meter? timed)
        {
            var session = new TrainingSession(optimizer, Init());
            var beforeLast = session.Parameters;
            var losses = new double[Steps];
            Timing.Settle();
            timed?.Open();
            for (var k = 0; k < Steps; k++)
            {
                // Taking the parameters makes the session's next update write new arrays: only before the last step.
                if (k == Steps - 1) beforeLast = session.Parameters;
                var start = System.Diagnostics.Stopwatch.GetTimestamp();
                losses[k] = session.Step(model, batch).Loss;
                var end = System.Diagnostics.Stopwatch.GetTimestamp();
                timed?.Record(start, end);
            }
            timed?.Close(Steps);
            // micrograd prints the accuracy of step 100's scores, i.e. before its update.
            var s = scores.Evaluate(beforeLast.ToEnv(batch)).Span;
            var correct = 0;
            for (var i = 0; i < N; i++) correct += (s[i] > 0) == (ys[i] > 0) ? 1 : 0;
            return (losses[0], losses[^1], correct / (double)N);
        }
    }

    /// <summary>make_moons without shuffling: 50 upper-arc points (label −1), then 50 lower-arc (+1); then N(0, 0.1²) noise, x then y per point, from DetRng(1).</summary>
    private static (double[] X, double[] Y) Moons()
    {
        const int outer = N / 2, inner = N - outer;
        var xs = new double[2 * N];
        var ys = new double[N];
        for (var i = 0; i < outer; i++)
        {
            var t = Math.PI * i / (outer - 1);
            (xs[2 * i], xs[2 * i + 1], ys[i]) = (Math.Cos(t), Math.Sin(t), -1.0);
        }
        for (var i = 0; i < inner; i++)
        {
            var t = Math.PI * i / (inner - 1);
            var r = outer + i;
            (xs[2 * r], xs[2 * r + 1], ys[r]) = (1.0 - Math.Cos(t), 1.0 - Math.Sin(t) - 0.5, 1.0);
        }
        var rng = new DetRng(1);
        for (var i = 0; i < 2 * N; i++) xs[i] += Noise * rng.Normal();
        return (xs, ys);
    }

    /// <summary>Layer by layer from DetRng(2): W[out, in] row-major ~ U(−1, 1) (loaded transposed: Dual's Dense is x·W with W [in, out]); biases 0, drawing nothing.</summary>
    private static Params Init()
    {
        var rng = new DetRng(2);
        var values = new List<KeyValuePair<string, Tensor>>();
        for (var l = 0; l + 1 < Widths.Length; l++)
        {
            var (fanIn, fanOut) = (Widths[l], Widths[l + 1]);
            var w = new double[fanOut * fanIn];
            for (var i = 0; i < w.Length; i++) w[i] = rng.Uniform(-1, 1);
            values.Add(new($"l{l}.w", Load.Transposed(w, fanOut, fanIn)));
            values.Add(new($"l{l}.b", Tensor.Zeros([fanOut])));
        }
        return Params.Of(values);
    }
}
