using System.Reflection;
using Dual.Kernels;

namespace Dual.Tests.Kernels;

/// <summary>
/// The one place the tests name the kernels' size thresholds, so a move or rename of a kernel
/// (or a retuned constant) is re-pointed here. The tests that use these assert their shapes
/// actually cross them (<see cref="ThresholdCrossingTests"/>), so a changed threshold cannot
/// silently leave a path untested.
/// </summary>
internal static class Thresholds
{
    /// <summary>Elementwise kernels split over both cores from this many elements on.</summary>
    public const int SplitElements = Split.ParallelElements;

    /// <summary>Whether the machine has a second core for the split paths to use.</summary>
    public static bool TwoCores => Environment.ProcessorCount > 1;

    /// <summary>GEMM: below this many flops (2·m·k·n) the plain loop runs, not the packed kernel.</summary>
    public static long GemmPackedFlops => GemmConstant<long>("PackedFlops");

    /// <summary>GEMM: from this many flops on, a product is split over both cores.</summary>
    public static long GemmParallelFlops => GemmConstant<long>("ParallelFlops");

    /// <summary>GEMM: an operand larger than this many doubles (packed) is not shared between the cores.</summary>
    public static long GemmSharedPackLimit => GemmConstant<long>("SharedPackLimit");

    /// <summary>GEMM blocking: the micro-tile and the cache blocks.</summary>
    public static (int MR, int NR, int KC, int MC, int NC) GemmBlocks =>
        (GemmConstant<int>("MR"), GemmConstant<int>("NR"), GemmConstant<int>("KC"), GemmConstant<int>("MC"), GemmConstant<int>("NC"));

    /// <summary>Whether one product of this size runs on both cores.</summary>
    public static bool GemmUsesBothCores(int m, int k, int n) => Gemm.UsesBothCores(m, k, n);

    /// <summary>Whether both packed operands of a product this size fit the buffers the two cores share (else each core takes half of C).</summary>
    public static bool GemmFitsShared(int m, int k, int n)
    {
        var (mr, nr, _, _, nc) = GemmBlocks;
        static long RoundUp(int x, int to) => (x + to - 1) / to * to;
        return RoundUp(m, mr) * k <= GemmSharedPackLimit && RoundUp(Math.Min(nc, n), nr) * k <= GemmSharedPackLimit;
    }

    // The GEMM constants are private to the kernel; read them rather than copy them, and fail loudly if one moves.
    private static T GemmConstant<T>(string name) =>
        (T)(typeof(Gemm).GetField(name, BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue()
            ?? throw new InvalidOperationException($"Gemm.{name} is gone: re-point {nameof(Thresholds)} at the new threshold."));
}
