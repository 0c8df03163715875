using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Dual.Kernels;

/// <summary>
/// General matrix product <c>C = op(A) · op(B)</c> on row-major blocks, where op transposes when
/// asked, so backward passes never materialise a transpose. Large products run the classic
/// blocked algorithm: B is packed into K×NR panels and A into MR×K panels (zero-padded, read
/// transposed or not while packing), and a register-blocked 6×8 FMA micro-kernel computes each
/// tile; on large products both cores share the packing and then the tiles of C. Small products
/// take a plain vectorised loop, which beats packing below 64 K flops and never starts a thread.
/// </summary>
internal static class Gemm
{
    private const int MR = 6, NR = 8;        // micro-tile: 6 rows × two 4-double vectors = 12 accumulators
    private const int KC = 256, MC = 96, NC = 2048;
    private const long PackedFlops = 1L << 16;  // below this, the plain loop wins (B2's 100×16·16×16 is 51 K)
    private const long ParallelFlops = 1L << 21; // below this, a second thread costs more than it gives
    private const int ColumnBlock = 64;          // columns of C per task when both cores share a product
    private const long SharedPackLimit = 1L << 22; // doubles (32 MB) an operand may take packed whole

    /// <summary>
    /// C[m,n] = op(A)[m,k] · op(B)[k,n]. A is stored [m,k] (or [k,m] when <paramref name="transposeA"/>),
    /// B is stored [k,n] (or [n,k] when <paramref name="transposeB"/>). C is overwritten.
    /// </summary>
    public static void Multiply(ReadOnlyMemory<double> a, ReadOnlyMemory<double> b, Memory<double> c, int m, int k, int n, bool transposeA, bool transposeB)
    {
        if (m == 0 || n == 0 || k == 0)
        {
            c.Span.Clear();
            return;
        }
        var flops = 2L * m * n * k;
        if (flops < PackedFlops || !Vector256.IsHardwareAccelerated)
        {
            Plain(a.Span, b.Span, c.Span, m, k, n, transposeA, transposeB);
            return;
        }
        if (!UsesBothCores(m, k, n))
        {
            Blocked(a, b, c, m, k, n, transposeA, transposeB, 0, m, 0, n);
            return;
        }
        if ((long)RoundUp(m, MR) * k <= SharedPackLimit && (long)RoundUp(Math.Min(NC, n), NR) * k <= SharedPackLimit)
        {
            Shared(a, b, c, m, k, n, transposeA, transposeB);
            return;
        }
        // Operands too large to pack whole: each core takes half of C and runs the serial algorithm on it with
        // its own buffers. Halving the longer side duplicates the packing of the shorter one, the cheaper choice.
        if (n >= m)
        {
            var half = Math.Min(n, RoundUp((n + 1) / 2, NR));
            SecondCore.For(2, part => Blocked(a, b, c, m, k, n, transposeA, transposeB, 0, m, part == 0 ? 0 : half, part == 0 ? half : n));
        }
        else
        {
            var half = Math.Min(m, RoundUp((m + 1) / 2, MR));
            SecondCore.For(2, part => Blocked(a, b, c, m, k, n, transposeA, transposeB, part == 0 ? 0 : half, part == 0 ? half : m, 0, n));
        }
    }

    // Both cores on one product, sharing the packed operands. Phase 1 packs all of op(A) and a column block of
    // op(B), every K block, in small tasks; phase 2 multiplies tiles of C (a row block by 64 columns) over all
    // of K. Both phases hand out their tasks one at a time (SecondCore), so when the second core starts late
    // or is preempted the first one simply takes more tasks; nothing is packed twice.
    private static void Shared(ReadOnlyMemory<double> a, ReadOnlyMemory<double> b, Memory<double> c, int m, int k, int n, bool ta, bool tb)
    {
        var mPad = RoundUp(m, MR);
        var packedA = Scratch(ref t_sharedA, mPad * k);
        var packedB = Scratch(ref t_sharedB, RoundUp(Math.Min(NC, n), NR) * k);
        var rowBlocks = (m + MC - 1) / MC;
        var rowStep = RoundUp((m + rowBlocks - 1) / rowBlocks, MR); // equal row blocks of at most MC rows
        rowBlocks = (m + rowStep - 1) / rowStep;
        var kBlocks = (k + KC - 1) / KC;
        for (var jc = 0; jc < n; jc += NC)
        {
            var (j, nc) = (jc, Math.Min(NC, n - jc));
            var nPad = RoundUp(nc, NR);
            var colBlocks = (nc + ColumnBlock - 1) / ColumnBlock;
            var packTasks = jc == 0 ? rowBlocks * kBlocks : 0; // A does not depend on the column block
            SecondCore.For(packTasks + colBlocks * kBlocks, t =>
            {
                var block = t < packTasks ? t : t - packTasks;
                var (pc, part) = (block % kBlocks * KC, block / kBlocks);
                var kc = Math.Min(KC, k - pc);
                if (t < packTasks)
                {
                    var ic = part * rowStep;
                    PackA(a.Span, packedA.AsSpan(mPad * pc + ic * kc), ic, Math.Min(rowStep, m - ic), pc, kc, m, k, ta);
                }
                else
                {
                    var j0 = part * ColumnBlock;
                    PackB(b.Span, packedB.AsSpan(nPad * pc + j0 * kc), pc, kc, j + j0, Math.Min(ColumnBlock, nc - j0), k, n, tb);
                }
            });
            SecondCore.For(rowBlocks * colBlocks, t =>
            {
                var (ic, j0) = (t / colBlocks * rowStep, t % colBlocks * ColumnBlock);
                var (rows, cols) = (Math.Min(rowStep, m - ic), Math.Min(ColumnBlock, nc - j0));
                for (var pc = 0; pc < k; pc += KC)
                {
                    var kc = Math.Min(KC, k - pc);
                    Macro(packedA.AsSpan(mPad * pc + ic * kc), packedB.AsSpan(nPad * pc + j0 * kc), c.Span, ic, j + j0, rows, cols, kc, n, pc == 0);
                }
            });
        }
    }

    /// <summary>Whether a product of this size is split over the cores.</summary>
    public static bool UsesBothCores(int m, int k, int n) => 2L * m * n * k >= ParallelFlops && Environment.ProcessorCount > 1;

    // C[rows, cols] += op(A)[rows, :] · op(B)[:, cols] on the calling thread: for each K block, pack B's
    // columns once, then pack and multiply A a row block at a time.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Blocked(ReadOnlyMemory<double> a, ReadOnlyMemory<double> b, Memory<double> c, int m, int k, int n, bool ta, bool tb,
        int rowFrom, int rowTo, int colFrom, int colTo)
    {
        if (rowFrom >= rowTo || colFrom >= colTo) return;
        var packedB = Scratch(ref t_packedB, KC * RoundUp(Math.Min(NC, colTo - colFrom), NR));
        var packedA = Scratch(ref t_packedA, RoundUp(MC, MR) * KC);
        ReadOnlySpan<double> aSpan = a.Span, bSpan = b.Span;
        var cSpan = c.Span;
        for (var jc = colFrom; jc < colTo; jc += NC)
        {
            var nc = Math.Min(NC, colTo - jc);
            for (var pc = 0; pc < k; pc += KC)
            {
                var kc = Math.Min(KC, k - pc);
                PackB(bSpan, packedB, pc, kc, jc, nc, k, n, tb);
                for (var ic = rowFrom; ic < rowTo; ic += MC)
                {
                    var rows = Math.Min(MC, rowTo - ic);
                    PackA(aSpan, packedA, ic, rows, pc, kc, m, k, ta);
                    Macro(packedA, packedB, cSpan, ic, jc, rows, nc, kc, n, pc == 0);
                }
            }
        }
    }

    // C[ic.., jc..] += packedA · packedB, one NR-wide panel of B (kept in L1) against every MR-row panel of A.
    // The first K block overwrites C instead, so C is never cleared first: a product's output is fresh, uninitialised
    // memory (512³: median 46 -> 67 GFLOP/s over four alternating runs of the bench before and after this change).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Macro(Span<double> packedA, Span<double> packedB, Span<double> c, int ic, int jc, int mc, int nc, int kc, int ldc, bool overwrite)
    {
        Span<double> edge = stackalloc double[MR * NR];
        for (var jp = 0; jp * NR < nc; jp++)
        {
            var jr = jp * NR;
            var cols = Math.Min(NR, nc - jr);
            ref var bPanel = ref packedB[jp * NR * kc];
            for (var ir = 0; ir < mc; ir += MR)
            {
                var rows = Math.Min(MR, mc - ir);
                ref var aPanel = ref packedA[ir * kc];
                if (rows == MR && cols == NR)
                {
                    Kernel(kc, ref aPanel, ref bPanel, ref c[(ic + ir) * ldc + jc + jr], ldc, overwrite);
                    continue;
                }
                Kernel(kc, ref aPanel, ref bPanel, ref MemoryMarshal.GetReference(edge), NR, overwrite: true);
                for (var r = 0; r < rows; r++)
                {
                    var dst = c.Slice((ic + ir + r) * ldc + jc + jr, cols);
                    if (overwrite) edge.Slice(r * NR, cols).CopyTo(dst);
                    else TensorPrimitives.Add(dst, edge.Slice(r * NR, cols), dst);
                }
            }
        }
    }

    // The 6×8 tile C += A·B (C = A·B when overwriting): per k-step, two vector loads of B, six broadcasts of A,
    // twelve FMAs. The accumulators start at +0, so overwriting stores the bits adding them to a zeroed C gave.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel(int kc, ref double a, ref double b, ref double c, int ldc, bool overwrite)
    {
        Vector256<double> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<double> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        // Walk A and B by reference, one k-step (MR values of A, NR of B) at a time: no index arithmetic in the loop.
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector256.LoadUnsafe(ref b);
            var b1 = Vector256.LoadUnsafe(ref b, 4);
            var x = Vector256.Create(a);
            c00 = Vector256.FusedMultiplyAdd(x, b0, c00); c01 = Vector256.FusedMultiplyAdd(x, b1, c01);
            x = Vector256.Create(Unsafe.Add(ref a, 1));
            c10 = Vector256.FusedMultiplyAdd(x, b0, c10); c11 = Vector256.FusedMultiplyAdd(x, b1, c11);
            x = Vector256.Create(Unsafe.Add(ref a, 2));
            c20 = Vector256.FusedMultiplyAdd(x, b0, c20); c21 = Vector256.FusedMultiplyAdd(x, b1, c21);
            x = Vector256.Create(Unsafe.Add(ref a, 3));
            c30 = Vector256.FusedMultiplyAdd(x, b0, c30); c31 = Vector256.FusedMultiplyAdd(x, b1, c31);
            x = Vector256.Create(Unsafe.Add(ref a, 4));
            c40 = Vector256.FusedMultiplyAdd(x, b0, c40); c41 = Vector256.FusedMultiplyAdd(x, b1, c41);
            x = Vector256.Create(Unsafe.Add(ref a, 5));
            c50 = Vector256.FusedMultiplyAdd(x, b0, c50); c51 = Vector256.FusedMultiplyAdd(x, b1, c51);
            a = ref Unsafe.Add(ref a, MR);
            b = ref Unsafe.Add(ref b, NR);
        }
        Accumulate(ref c, 0, c00, c01, overwrite);
        Accumulate(ref c, ldc, c10, c11, overwrite);
        Accumulate(ref c, 2 * ldc, c20, c21, overwrite);
        Accumulate(ref c, 3 * ldc, c30, c31, overwrite);
        Accumulate(ref c, 4 * ldc, c40, c41, overwrite);
        Accumulate(ref c, 5 * ldc, c50, c51, overwrite);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(ref double c, int offset, Vector256<double> left, Vector256<double> right, bool overwrite)
    {
        ref var row = ref Unsafe.Add(ref c, offset);
        if (!overwrite)
        {
            left += Vector256.LoadUnsafe(ref row);
            right += Vector256.LoadUnsafe(ref row, 4);
        }
        left.StoreUnsafe(ref row);
        right.StoreUnsafe(ref row, 4);
    }

    // packedB[panel][p][0..NR) = op(B)[pc + p, jc + panel·NR + j], zero past the last column.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackB(ReadOnlySpan<double> b, Span<double> packed, int pc, int kc, int jc, int nc, int k, int n, bool tb)
    {
        var panels = (nc + NR - 1) / NR;
        for (var jp = 0; jp < panels; jp++)
        {
            var j0 = jc + jp * NR;
            var cols = Math.Min(NR, jc + nc - j0);
            var dst = packed.Slice(jp * NR * kc, NR * kc);
            if (cols < NR) dst.Clear();
            if (tb && cols == NR)
            {
                // B is stored [n, k]: walk the panel's eight columns (rows of B) side by side; contiguous writes.
                ref var col0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(b), j0 * k + pc);
                ref var to = ref MemoryMarshal.GetReference(dst);
                for (var p = 0; p < kc; p++)
                {
                    ref var from = ref Unsafe.Add(ref col0, p);
                    for (var j = 0; j < NR; j++) Unsafe.Add(ref to, j) = Unsafe.Add(ref from, j * k);
                    to = ref Unsafe.Add(ref to, NR);
                }
            }
            else if (tb)
            {
                for (var j = 0; j < cols; j++)
                {
                    var src = b.Slice((j0 + j) * k + pc, kc);
                    for (var p = 0; p < kc; p++) dst[p * NR + j] = src[p];
                }
            }
            else if (cols == NR)
            {
                // Two vector moves per row of the panel: a library copy call per 64 bytes cost more than the copy.
                ref var from = ref Unsafe.Add(ref MemoryMarshal.GetReference(b), pc * n + j0);
                ref var to = ref MemoryMarshal.GetReference(dst);
                for (var p = 0; p < kc; p++)
                {
                    Vector256.LoadUnsafe(ref from).StoreUnsafe(ref to);
                    Vector256.LoadUnsafe(ref from, 4).StoreUnsafe(ref to, 4);
                    from = ref Unsafe.Add(ref from, n);
                    to = ref Unsafe.Add(ref to, NR);
                }
            }
            else
            {
                for (var p = 0; p < kc; p++) b.Slice((pc + p) * n + j0, cols).CopyTo(dst.Slice(p * NR, cols));
            }
        }
    }

    // packedA[panel][p][0..MR) = op(A)[ic + panel·MR + r, pc + p], zero past m.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackA(ReadOnlySpan<double> a, Span<double> packed, int ic, int mc, int pc, int kc, int m, int k, bool ta)
    {
        var panels = (mc + MR - 1) / MR;
        for (var ip = 0; ip < panels; ip++)
        {
            var i0 = ic + ip * MR;
            var rows = Math.Min(MR, ic + mc - i0);
            var dst = packed.Slice(ip * MR * kc, MR * kc);
            if (rows < MR) dst.Clear();
            if (ta && rows == MR)
            {
                // A is stored [k, m]: six contiguous values per k-step, moved as a 4-vector and a 2-vector.
                ref var from = ref Unsafe.Add(ref MemoryMarshal.GetReference(a), pc * m + i0);
                ref var to = ref MemoryMarshal.GetReference(dst);
                for (var p = 0; p < kc; p++)
                {
                    Vector256.LoadUnsafe(ref from).StoreUnsafe(ref to);
                    Vector128.LoadUnsafe(ref from, 4).StoreUnsafe(ref to, 4);
                    from = ref Unsafe.Add(ref from, m);
                    to = ref Unsafe.Add(ref to, MR);
                }
            }
            else if (ta)
            {
                for (var p = 0; p < kc; p++)
                    a.Slice((pc + p) * m + i0, rows).CopyTo(dst.Slice(p * MR, rows));
            }
            else if (rows == MR)
            {
                // A is stored [m, k]: walk the six rows side by side so that the writes are contiguous.
                ref var row0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(a), i0 * k + pc);
                ref var to = ref MemoryMarshal.GetReference(dst);
                for (var p = 0; p < kc; p++)
                {
                    ref var from = ref Unsafe.Add(ref row0, p);
                    to = from;
                    Unsafe.Add(ref to, 1) = Unsafe.Add(ref from, k);
                    Unsafe.Add(ref to, 2) = Unsafe.Add(ref from, 2 * k);
                    Unsafe.Add(ref to, 3) = Unsafe.Add(ref from, 3 * k);
                    Unsafe.Add(ref to, 4) = Unsafe.Add(ref from, 4 * k);
                    Unsafe.Add(ref to, 5) = Unsafe.Add(ref from, 5 * k);
                    to = ref Unsafe.Add(ref to, MR);
                }
            }
            else
            {
                for (var r = 0; r < rows; r++)
                {
                    var src = a.Slice((i0 + r) * k + pc, kc);
                    for (var p = 0; p < kc; p++) dst[p * MR + r] = src[p];
                }
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    // Packing buffers are private to the calling thread and reused across calls: allocating them
    // per product put hundreds of kilobytes a step on the large-object heap (and so in gen 2).
    [ThreadStatic] private static double[]? t_packedA;
    [ThreadStatic] private static double[]? t_packedB;
    [ThreadStatic] private static double[]? t_transposedB;

    // C[r, j … j+15] for `rows` (1 or 2) rows starting at ai / ci: four accumulators per row, over p in order.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SixteenColumns(ref double ai, int rowStep, int colStep, ref double bj, ref double ci, int k, int n, int rows)
    {
        Vector256<double> x0 = default, x1 = default, x2 = default, x3 = default;
        Vector256<double> y0 = default, y1 = default, y2 = default, y3 = default;
        ref var bp = ref bj;
        if (rows == 2)
        {
            ref var a2 = ref Unsafe.Add(ref ai, rowStep);
            for (var p = 0; p < k; p++)
            {
                var (b0, b1, b2, b3) = (Vector256.LoadUnsafe(ref bp), Vector256.LoadUnsafe(ref bp, 4), Vector256.LoadUnsafe(ref bp, 8), Vector256.LoadUnsafe(ref bp, 12));
                var u = Vector256.Create(Unsafe.Add(ref ai, p * colStep));
                var v = Vector256.Create(Unsafe.Add(ref a2, p * colStep));
                x0 = Vector256.FusedMultiplyAdd(u, b0, x0);
                x1 = Vector256.FusedMultiplyAdd(u, b1, x1);
                x2 = Vector256.FusedMultiplyAdd(u, b2, x2);
                x3 = Vector256.FusedMultiplyAdd(u, b3, x3);
                y0 = Vector256.FusedMultiplyAdd(v, b0, y0);
                y1 = Vector256.FusedMultiplyAdd(v, b1, y1);
                y2 = Vector256.FusedMultiplyAdd(v, b2, y2);
                y3 = Vector256.FusedMultiplyAdd(v, b3, y3);
                bp = ref Unsafe.Add(ref bp, n);
            }
            ref var c2 = ref Unsafe.Add(ref ci, n);
            y0.StoreUnsafe(ref c2);
            y1.StoreUnsafe(ref c2, 4);
            y2.StoreUnsafe(ref c2, 8);
            y3.StoreUnsafe(ref c2, 12);
        }
        else
        {
            for (var p = 0; p < k; p++)
            {
                var u = Vector256.Create(Unsafe.Add(ref ai, p * colStep));
                x0 = Vector256.FusedMultiplyAdd(u, Vector256.LoadUnsafe(ref bp), x0);
                x1 = Vector256.FusedMultiplyAdd(u, Vector256.LoadUnsafe(ref bp, 4), x1);
                x2 = Vector256.FusedMultiplyAdd(u, Vector256.LoadUnsafe(ref bp, 8), x2);
                x3 = Vector256.FusedMultiplyAdd(u, Vector256.LoadUnsafe(ref bp, 12), x3);
                bp = ref Unsafe.Add(ref bp, n);
            }
        }
        x0.StoreUnsafe(ref ci);
        x1.StoreUnsafe(ref ci, 4);
        x2.StoreUnsafe(ref ci, 8);
        x3.StoreUnsafe(ref ci, 12);
    }

    // C[i … i+3, j … j+3] starting at ai / ci: one accumulator per row, over p in order.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FourColumnsFourRows(ref double ai, int rowStep, int colStep, ref double bj, ref double ci, int k, int n)
    {
        Vector256<double> r0 = default, r1 = default, r2 = default, r3 = default;
        ref var a1 = ref Unsafe.Add(ref ai, rowStep);
        ref var a2 = ref Unsafe.Add(ref a1, rowStep);
        ref var a3 = ref Unsafe.Add(ref a2, rowStep);
        ref var bp = ref bj;
        for (var p = 0; p < k; p++)
        {
            var bv = Vector256.LoadUnsafe(ref bp);
            var at = p * colStep;
            r0 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref ai, at)), bv, r0);
            r1 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref a1, at)), bv, r1);
            r2 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref a2, at)), bv, r2);
            r3 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref a3, at)), bv, r3);
            bp = ref Unsafe.Add(ref bp, n);
        }
        r0.StoreUnsafe(ref ci);
        r1.StoreUnsafe(ref ci, (nuint)n);
        r2.StoreUnsafe(ref ci, (nuint)(2 * n));
        r3.StoreUnsafe(ref ci, (nuint)(3 * n));
    }

    // The calling thread's buffers for operands packed whole and shared with the second core (Shared).
    [ThreadStatic] private static double[]? t_sharedA;
    [ThreadStatic] private static double[]? t_sharedB;

    private static double[] Scratch(ref double[]? buffer, int size)
    {
        if (buffer is null || buffer.Length < size) buffer = new double[size];
        return buffer;
    }

    // Small products, no packing. Each row of C is accumulated in registers, sixteen (then four, then one)
    // columns at a time, over p in order: c[i,j] = fma(op(A)[i,p], op(B)[p,j], c[i,j]) from 0, so every element
    // sees the same roundings whichever column group it falls in (and the same as the blocked path for K ≤ 256).
    // A transposed B is first copied into [k, n] order (k·n moves, against m·k·n multiply-adds).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Plain(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int m, int k, int n, bool ta, bool tb)
    {
        if (tb)
        {
            var bt = Scratch(ref t_transposedB, k * n).AsSpan(0, k * n);
            for (var j = 0; j < n; j++)
            {
                var row = b.Slice(j * k, k);
                for (var p = 0; p < k; p++) bt[p * n + j] = row[p];
            }
            b = bt;
        }
        // op(A)[i, p] sits at a[i·rowStep + p·colStep].
        var (rowStep, colStep) = ta ? (1, m) : (k, 1);
        ref var a0 = ref MemoryMarshal.GetReference(a);
        ref var b0 = ref MemoryMarshal.GetReference(b);
        ref var c0 = ref MemoryMarshal.GetReference(c);
        if (Vector256.IsHardwareAccelerated)
        {
            // Several rows at a time, so that enough independent FMA chains are in flight to hide their latency
            // (two rows of sixteen columns: eight; four rows of four columns: four); each element's chain is unchanged.
            var wide = n - n % 16;
            var i = 0;
            for (; i + 2 <= m; i += 2)
                for (var j = 0; j < wide; j += 16)
                    SixteenColumns(ref Unsafe.Add(ref a0, i * rowStep), rowStep, colStep, ref Unsafe.Add(ref b0, j), ref Unsafe.Add(ref c0, i * n + j), k, n, 2);
            for (; i < m; i++)
                for (var j = 0; j < wide; j += 16)
                    SixteenColumns(ref Unsafe.Add(ref a0, i * rowStep), rowStep, colStep, ref Unsafe.Add(ref b0, j), ref Unsafe.Add(ref c0, i * n + j), k, n, 1);
            for (var j = wide; j + 4 <= n; j += 4)
            {
                i = 0;
                for (; i + 4 <= m; i += 4)
                    FourColumnsFourRows(ref Unsafe.Add(ref a0, i * rowStep), rowStep, colStep, ref Unsafe.Add(ref b0, j), ref Unsafe.Add(ref c0, i * n + j), k, n);
                for (; i < m; i++)
                {
                    var acc = Vector256<double>.Zero;
                    ref var ai = ref Unsafe.Add(ref a0, i * rowStep);
                    ref var bp = ref Unsafe.Add(ref b0, j);
                    for (var p = 0; p < k; p++)
                    {
                        acc = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref ai, p * colStep)), Vector256.LoadUnsafe(ref bp), acc);
                        bp = ref Unsafe.Add(ref bp, n);
                    }
                    acc.StoreUnsafe(ref Unsafe.Add(ref c0, i * n + j));
                }
            }
        }
        // The last n mod 4 columns (all of them for a matrix-vector product): four rows at a time, so that four
        // independent FMA chains hide each other's latency; each element's chain is unchanged.
        for (var j = Vector256.IsHardwareAccelerated ? n - n % 4 : 0; j < n; j++)
        {
            var i = 0;
            for (; i + 4 <= m; i += 4)
            {
                ref var a1 = ref Unsafe.Add(ref a0, i * rowStep);
                ref var a2 = ref Unsafe.Add(ref a1, rowStep);
                ref var a3 = ref Unsafe.Add(ref a2, rowStep);
                ref var a4 = ref Unsafe.Add(ref a3, rowStep);
                double s1 = 0, s2 = 0, s3 = 0, s4 = 0;
                for (var p = 0; p < k; p++)
                {
                    var (bj, at) = (Unsafe.Add(ref b0, p * n + j), p * colStep);
                    s1 = Math.FusedMultiplyAdd(Unsafe.Add(ref a1, at), bj, s1);
                    s2 = Math.FusedMultiplyAdd(Unsafe.Add(ref a2, at), bj, s2);
                    s3 = Math.FusedMultiplyAdd(Unsafe.Add(ref a3, at), bj, s3);
                    s4 = Math.FusedMultiplyAdd(Unsafe.Add(ref a4, at), bj, s4);
                }
                (c[i * n + j], c[(i + 1) * n + j], c[(i + 2) * n + j], c[(i + 3) * n + j]) = (s1, s2, s3, s4);
            }
            for (; i < m; i++)
            {
                ref var ai = ref Unsafe.Add(ref a0, i * rowStep);
                var sum = 0.0;
                for (var p = 0; p < k; p++) sum = Math.FusedMultiplyAdd(Unsafe.Add(ref ai, p * colStep), Unsafe.Add(ref b0, p * n + j), sum);
                c[i * n + j] = sum;
            }
        }
    }
}
