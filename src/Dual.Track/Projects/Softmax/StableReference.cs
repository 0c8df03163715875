namespace Dual.Track.Projects;

/// <summary>
/// The grader's own reference for project 8, independent of Dual and of the learner: each row shifted by its maximum
/// (so exp never overflows and the largest term is exactly 1), the sum of exponentials compensated (Neumaier), and
/// log p[y] taken as <c>(z[y] − m) − log Σ exp(z − m)</c>, never as the log of a probability that may have underflowed
/// to 0. Each result is within a few units in the last place of the exact value for any finite logits.
/// </summary>
internal static class StableReference
{
    public static double[] Softmax(SoftmaxCase c)
    {
        var p = new double[c.Logits.Length];
        for (var i = 0; i < c.Batch; i++)
        {
            var (m, sum) = ShiftedSum(c, i);
            for (var j = 0; j < c.Classes; j++)
            {
                p[i * c.Classes + j] = Math.Exp(c.Logits[i * c.Classes + j] - m) / sum;
            }
        }

        return p;
    }

    public static double Loss(SoftmaxCase c)
    {
        var total = 0.0;
        for (var i = 0; i < c.Batch; i++)
        {
            var (m, sum) = ShiftedSum(c, i);
            total += Math.Log(sum) - (c.Logits[i * c.Classes + c.Labels[i]] - m);
        }

        return total / c.Batch;
    }

    public static double[] Backward(SoftmaxCase c)
    {
        var d = Softmax(c);
        for (var i = 0; i < c.Batch; i++)
        {
            d[i * c.Classes + c.Labels[i]] -= 1;
        }

        return [.. d.Select(v => v / c.Batch)];
    }

    /// <summary>Row i's maximum m and Σ_j exp(z[i,j] − m), compensated.</summary>
    private static (double Max, double Sum) ShiftedSum(SoftmaxCase c, int i)
    {
        var row = c.Logits.AsSpan(i * c.Classes, c.Classes);
        var m = double.NegativeInfinity;
        foreach (var z in row)
        {
            m = Math.Max(m, z);
        }

        double sum = 0, compensation = 0;
        foreach (var z in row)
        {
            var term = Math.Exp(z - m);
            var t = sum + term;
            compensation += Math.Abs(sum) >= Math.Abs(term) ? sum - t + term : term - t + sum;
            sum = t;
        }

        return (m, sum + compensation);
    }
}
