namespace Dual.Kernels;

/// <summary>Runs an elementwise kernel over a range, on both cores when the range is large enough to pay for the fork.</summary>
internal static class Split
{
    /// <summary>Below this many elements (1 MiB of doubles) one core is faster than two.</summary>
    public const int ParallelElements = 1 << 17;

    public delegate void RangeKernel(int from, int count);

    public static void Run(int length, RangeKernel kernel)
    {
        if (length < ParallelElements || Environment.ProcessorCount < 2)
        {
            kernel(0, length);
            return;
        }
        var half = length / 2 / 8 * 8; // keep the second half vector-aligned relative to the first
        SecondCore.For(2, part => kernel(part == 0 ? 0 : half, part == 0 ? half : length - half));
    }
}
