using Dual.Models;

namespace Dual.Bench;

/// <summary>
/// B3: MLP 784-256-10 ReLU with biases on one fixed batch (X[128, 784] ~ N(0, 1), labels Below(10),
/// W, b ~ U(±1/√fan_in), all from DetRng(3) in that order), mean softmax cross-entropy, Adam lr 1e-3.
/// 10 warm-up steps, then 200 timed; final_loss is the loss of step 210. steady_step_ms: 200 more steps timed
/// after another 100 untimed ones (the JIT's steady state).
/// </summary>
internal static class B3Mlp
{
    private const int Batch = 128, In = 784, Hidden = 256, Classes = 10, Warmup = 10, Timed = 200, SteadyWarmup = 100;

    public static void Run()
    {
        var rng = new DetRng(3);
        var xs = new double[Batch * In];
        for (var i = 0; i < xs.Length; i++) xs[i] = rng.Normal();
        var labels = new double[Batch];
        for (var i = 0; i < labels.Length; i++) labels[i] = rng.Below(Classes);
        var (k1, k2) = (1.0 / Math.Sqrt(In), 1.0 / Math.Sqrt(Hidden));
        var w1 = Draw(rng, Hidden * In, k1);
        var b1 = Draw(rng, Hidden, k1);
        var w2 = Draw(rng, Classes * Hidden, k2);
        var b2 = Draw(rng, Classes, k2);
        var parameters = Params.Of(
        [
            new("l0.w", Load.Transposed(w1, Hidden, In)), new("l0.b", Tensor.FromArray([Hidden], b1)),
            new("l1.w", Load.Transposed(w2, Classes, Hidden)), new("l1.b", Tensor.FromArray([Classes], b2)),
        ]);

        var x = Expr.Variable("x", [Batch, In]);
        var y = Expr.Variable("labels", [Batch]);
        var model = Layers.Mlp(x, [Hidden, Classes]).Select(logits => Losses.SoftmaxCrossEntropy(logits, y)).Build();
        parameters.Validate(model.Parameters);
        var batch = Env.Of(("x", Tensor.FromArray([Batch, In], xs)), ("labels", Tensor.FromArray([Batch], labels)));
        var optimizer = new Adam(1e-3);
        var session = new TrainingSession(optimizer, parameters);

        var meter = new Meter();
        double firstLoss = 0, finalLoss = 0;
        Timing.Settle();
        for (var s = 0; s < Warmup + Timed; s++)
        {
            if (s == Warmup) meter.Open();
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            var loss = session.Step(model, batch).Loss;
            var end = System.Diagnostics.Stopwatch.GetTimestamp();
            if (s >= Warmup) meter.Record(start, end);
            if (s == 0) firstLoss = loss;
            finalLoss = loss;
        }
        meter.Close(Timed);
        // Steady state: 10 warm-up steps leave .NET's tiered JIT mid-way; after 100 more untimed steps it has
        // settled. Training continues from step 210 (the timing does not depend on the loss).
        var steady = new Meter();
        for (var s = 0; s < SteadyWarmup + Timed; s++)
        {
            if (s == SteadyWarmup) steady.Open();
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            session.Step(model, batch);
            if (s >= SteadyWarmup) steady.Record(start, System.Diagnostics.Stopwatch.GetTimestamp());
        }
        steady.Close(Timed);
        // Forward + backward ≈ 3 × the forward's 2·B·(In·Hidden + Hidden·Classes) flops.
        var flops = 3.0 * 2 * Batch * (In * Hidden + Hidden * Classes);
        Report.Line("B3", "f64",
        [
            ("step_ms", meter.MedianMs), ("mean_step_ms", meter.MeanMs),
            ("loss_step1", firstLoss), ("final_loss", finalLoss), ("steady_step_ms", steady.MedianMs), ("steps", Warmup + Timed), ("timed", Timed),
            ("gflops", Math.Round(flops / (meter.MedianMs * 1e-3) / 1e9, 1)), ("nodes", GraphSize.Nodes(model.Value, model.Parameters)),
            .. meter.GcFields(),
        ]);
    }

    private static double[] Draw(DetRng rng, int count, double bound)
    {
        var values = new double[count];
        for (var i = 0; i < count; i++) values[i] = rng.Uniform(-bound, bound);
        return values;
    }
}
