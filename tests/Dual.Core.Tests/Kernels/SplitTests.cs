using Dual.Kernels;

namespace Dual.Tests.Kernels;

/// <summary>
/// How an elementwise range is shared between the cores: one call below the threshold; from it on
/// (with two cores) two calls that cover the range exactly once, the boundary on a whole vector
/// (a multiple of 8 doubles) and the halves balanced.
/// </summary>
public class SplitTests
{
    public static TheoryData<int> Lengths() =>
        [0, 1, 17, Thresholds.SplitElements - 1, Thresholds.SplitElements, Thresholds.SplitElements + 1, Thresholds.SplitElements + 13, 3 * Thresholds.SplitElements + 5];

    [Theory, MemberData(nameof(Lengths))]
    public void The_range_is_covered_exactly_once_in_the_promised_parts(int length)
    {
        var calls = new List<(int From, int Count)>();
        var covered = new int[length];
        Split.Run(length, (from, count) =>
        {
            lock (calls) calls.Add((from, count));
            for (var i = from; i < from + count; i++) Interlocked.Increment(ref covered[i]);
        });
        Assert.All(covered, c => Assert.Equal(1, c));
        if (length < Thresholds.SplitElements || !Thresholds.TwoCores)
        {
            Assert.Equal([(0, length)], calls);
            return;
        }
        var parts = calls.OrderBy(c => c.From).ToArray();
        Assert.Equal(2, parts.Length);
        Assert.Equal(0, parts[0].From);
        Assert.Equal(parts[0].Count, parts[1].From);
        Assert.Equal(0, parts[1].From % 8);
        Assert.InRange(parts[0].Count, length / 2 - 7, length / 2);
    }
}
