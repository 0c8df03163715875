using System.Diagnostics;

namespace Dual.Bench;

/// <summary>Wall-clock medians, as the peer harness measures them.</summary>
internal static class Timing
{
    /// <summary>Median over <paramref name="blocks"/> blocks of the mean time per call of <paramref name="body"/>, in seconds.</summary>
    public static (double Median, double Mean) PerCall(Action body, int warmup, int blocks, int callsPerBlock)
    {
        // At least `warmup` calls and at least half a second: tiered compilation only promotes hot
        // methods to optimised code after a delay, and a short warm-up would time unoptimised code.
        var warm = Stopwatch.StartNew();
        for (var i = 0; i < warmup || warm.ElapsedMilliseconds < 500; i++) body();
        Settle();
        var perCall = new double[blocks];
        for (var b = 0; b < blocks; b++)
        {
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < callsPerBlock; i++) body();
            perCall[b] = sw.Elapsed.TotalSeconds / callsPerBlock;
        }
        return (Median(perCall), perCall.Average());
    }

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    public static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
