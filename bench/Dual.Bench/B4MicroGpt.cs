using System.Diagnostics;
using Dual.Models;

namespace Dual.Bench;

/// <summary>
/// B4: Karpathy's microgpt through the library's <see cref="MicroGptTrainer"/> on its golden trace
/// (<see cref="MicroGptGolden"/>: data/golden/microgpt-seed42): 1000 steps, one name per step in docs.txt
/// order, from the golden initial weights, Adam β 0.85/0.99, lr 0.01·(1 − k/1000). A name of n letters
/// gives min(16, n + 1) positions, so the trainer keeps one graph per length: all 16 are built and planned
/// during the warm-up, then the same trainer trains throwaway parameters for 30 steps, and then the measured
/// 1000-step run starts from the golden init. A step is <see cref="MicroGptTrainer.Step(TrainingSession)"/>
/// (tokens, loss and gradients, Adam update), the step the CLI's <c>dual train names</c> takes. final_loss must equal the golden 2.6496944697407585;
/// max_golden_diff compares all 1000 losses with losses.txt. steady_step_ms and steady_train_s: the same
/// 1000-step run again after 3000 more throwaway steps (the JIT's steady state).
/// </summary>
internal static class B4MicroGpt
{
    private const int WarmupSteps = 30, SteadyWarmupSteps = 3000;
    private const double GoldenFinal = 2.6496944697407585;

    public static void Run(string? goldenDir)
    {
        var golden = MicroGptGolden.Load(goldenDir);
        var trainer = MicroGptTrainer.ForGolden(golden);
        var steps = MicroGptTrainer.MicroGptSteps;

        for (var n = 1; n <= trainer.Config.BlockSize; n++)
            trainer.ValueAndGrad(golden.Init, Enumerable.Repeat(trainer.Tokenizer.Bos, n + 1).ToArray());
        Train(WarmupSteps, null, null);
        Timing.Settle();

        var meter = new Meter();
        var losses = new double[steps];
        meter.Open();
        var total = Stopwatch.StartNew();
        Train(steps, meter, losses);
        var trainS = total.Elapsed.TotalSeconds;
        meter.Close(steps);

        // Steady state: the run above lasts well under a second, too short for .NET's tiered JIT to finish
        // recompiling the hot kernels; after SteadyWarmupSteps more throwaway steps it has. Then the same run again.
        Train(SteadyWarmupSteps, null, null);
        Timing.Settle();
        var steady = new Meter();
        var steadyLosses = new double[steps];
        steady.Open();
        var steadyTotal = Stopwatch.StartNew();
        Train(steps, steady, steadyLosses);
        var steadyTrainS = steadyTotal.Elapsed.TotalSeconds;
        steady.Close(steps);
        if (steadyLosses[^1] != losses[^1]) throw new InvalidOperationException("B4: the second run's final loss differs from the first's.");

        var fields = new List<(string, double)>
        {
            ("step_ms", meter.MedianMs), ("mean_step_ms", meter.MeanMs), ("train_s", trainS),
            ("loss_step1", losses[0]), ("final_loss", losses[^1]), ("final_diff", Math.Abs(losses[^1] - GoldenFinal)),
            ("steady_step_ms", steady.MedianMs), ("steady_train_s", steadyTrainS),
        };
        if (golden.Losses.Count >= steps)
            fields.Add(("max_golden_diff", Enumerable.Range(0, steps).Max(i => Math.Abs(losses[i] - golden.Losses[i]))));
        fields.Add(("avg_loss_last100", losses.Skip(steps - 100).Average()));
        fields.Add(("steps", steps));
        fields.Add(("params", trainer.ParameterCount));
        // The graph a step evaluates grows with the name's length; the mean over the 1000 steps' lengths.
        var nodes = Enumerable.Range(1, trainer.Config.BlockSize).Select(n => GraphSize.Nodes(trainer.LossModel(n).Value, trainer.Parameters)).ToArray();
        fields.Add(("nodes_mean", Math.Round(Enumerable.Range(0, steps).Average(s => nodes[Math.Min(trainer.Config.BlockSize, trainer.TokensAt(s).Length - 1) - 1]), 1)));
        fields.Add(("nodes_n16", nodes[^1]));
        fields.AddRange(meter.GcFields());
        fields.Add(("steady_faults_per_step", steady.FaultsPerStep));
        Report.Line("B4", "f64", [.. fields]);

        void Train(int count, Meter? m, double[]? record)
        {
            var session = trainer.Session(golden.Init);
            for (var step = 0; step < count; step++)
            {
                var start = Stopwatch.GetTimestamp();
                var loss = trainer.Step(session).Loss;
                m?.Record(start, Stopwatch.GetTimestamp());
                if (record is not null) record[step] = loss;
            }
        }
    }
}
