using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Dual.Kernels;

/// <summary>A comparison of two doubles, as a scalar test and as a lane-wise vector mask (all bits set where true).</summary>
internal interface IComparison
{
    static abstract bool Test(double a, double b);

    static abstract Vector256<double> Mask(Vector256<double> a, Vector256<double> b);
}

/// <summary>a &gt; b (false when either is NaN).</summary>
internal readonly struct IsGreater : IComparison
{
    public static bool Test(double a, double b) => a > b;

    public static Vector256<double> Mask(Vector256<double> a, Vector256<double> b) => Vector256.GreaterThan(a, b);
}

/// <summary>a ≥ b (false when either is NaN).</summary>
internal readonly struct IsGreaterOrEqual : IComparison
{
    public static bool Test(double a, double b) => a >= b;

    public static Vector256<double> Mask(Vector256<double> a, Vector256<double> b) => Vector256.GreaterThanOrEqual(a, b);
}

/// <summary>a == b (false when either is NaN).</summary>
internal readonly struct IsEqual : IComparison
{
    public static bool Test(double a, double b) => a == b;

    public static Vector256<double> Mask(Vector256<double> a, Vector256<double> b) => Vector256.Equals(a, b);
}

/// <summary>A comparison with its operands exchanged: Test(a, b) = T.Test(b, a).</summary>
internal readonly struct Swapped<T> : IComparison where T : IComparison
{
    public static bool Test(double a, double b) => T.Test(b, a);

    public static Vector256<double> Mask(Vector256<double> a, Vector256<double> b) => T.Mask(b, a);
}

/// <summary>
/// 0/1 masks from a comparison, four lanes at a time. Generic over the comparison struct so that the
/// JIT compiles one loop per comparison with the test inlined (relu's x &gt; 0 runs on every activation).
/// </summary>
internal static class Comparisons
{
    public static BinaryKernel Kernel<T>() where T : IComparison =>
        new(static (a, b) => T.Test(a, b) ? 1.0 : 0.0, Spans<T>, SpanScalar<T>, SpanScalar<Swapped<T>>); // s op b = b (swapped op) s

    // y = a op b
    private static void Spans<T>(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> y) where T : IComparison
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var ar = ref MemoryMarshal.GetReference(a);
            ref var br = ref MemoryMarshal.GetReference(b);
            ref var yr = ref MemoryMarshal.GetReference(y);
            for (; i <= y.Length - Vector256<double>.Count; i += Vector256<double>.Count)
                Ones(T.Mask(Vector256.LoadUnsafe(ref ar, (nuint)i), Vector256.LoadUnsafe(ref br, (nuint)i))).StoreUnsafe(ref yr, (nuint)i);
        }
        for (; i < y.Length; i++) y[i] = T.Test(a[i], b[i]) ? 1.0 : 0.0;
    }

    // y = a op s
    private static void SpanScalar<T>(ReadOnlySpan<double> a, double s, Span<double> y) where T : IComparison
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var sv = Vector256.Create(s);
            ref var ar = ref MemoryMarshal.GetReference(a);
            ref var yr = ref MemoryMarshal.GetReference(y);
            for (; i <= y.Length - Vector256<double>.Count; i += Vector256<double>.Count)
                Ones(T.Mask(Vector256.LoadUnsafe(ref ar, (nuint)i), sv)).StoreUnsafe(ref yr, (nuint)i);
        }
        for (; i < y.Length; i++) y[i] = T.Test(a[i], s) ? 1.0 : 0.0;
    }

    // All-ones lanes become 1.0 and zero lanes 0.0: the mask's bits select 1.0's bits.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Ones(Vector256<double> mask) => mask & Vector256<double>.One;
}
