namespace Dual.Kernels;

/// <summary>
/// The kernel of <see cref="Primitives.MatMul"/>: one GEMM per output matrix, batch axes broadcast, and its threading
/// decision: a product large enough splits inside <see cref="Gemm"/>; many small ones (attention's per-head matrices)
/// are spread over both cores, one product per task (each product's bits are the same on either core).
/// </summary>
internal static class BatchedMatMul
{
    /// <summary>Prepares the kernel of one MatMul node: which matrices each output reads, and whether to spread them over the cores.</summary>
    public static Kernel Prepare(Expr y)
    {
        var (ta, tb) = y.AttributeAs<MatMulAttribute>();
        Shape aShape = y.Input(0).Shape, bShape = y.Input(1).Shape;
        var (m, k) = Primitives.Matrix(aShape, ta);
        var n = y.Shape[^1];
        int aSize = aShape[^1] * aShape[^2], bSize = bShape[^1] * bShape[^2], ySize = m * n;
        // Which matrix of a and of b each output matrix reads (batch axes broadcast).
        var batch = Shape.Create(y.Shape.Dims[..^2]);
        var loop = new StridedLoop(batch.Dims, batch.Strides(),
            StridedLoop.BroadcastStrides(Shape.Create(aShape.Dims[..^2]), batch.Rank),
            StridedLoop.BroadcastStrides(Shape.Create(bShape.Dims[..^2]), batch.Rank));
        var pairs = new (int A, int B)[batch.Size];
        for (int r = 0, bi = 0; r < loop.Rows; r++)
            for (var i = 0; i < loop.InnerLength; i++, bi++)
                pairs[bi] = (loop.Offsets[3 * r + 1] + i * loop.InnerStrides[1], loop.Offsets[3 * r + 2] + i * loop.InnerStrides[2]);
        // Many small products (attention's per-head matrices) each run on one core; spread them over both.
        var spread = pairs.Length > 1 && !Gemm.UsesBothCores(m, k, n) && Gemm.UsesBothCores(m * pairs.Length, k, n);
        return (x, output) =>
        {
            var (a, b) = (x[0], x[1]);
            if (spread)
                SecondCore.For(pairs.Length, bi => Gemm.Multiply(a.AsMemory(pairs[bi].A * aSize, aSize), b.AsMemory(pairs[bi].B * bSize, bSize),
                    output.AsMemory(bi * ySize, ySize), m, k, n, ta, tb));
            else
                for (var bi = 0; bi < pairs.Length; bi++)
                    Gemm.Multiply(a.AsMemory(pairs[bi].A * aSize, aSize), b.AsMemory(pairs[bi].B * bSize, bSize),
                        output.AsMemory(bi * ySize, ySize), m, k, n, ta, tb);
        };
    }
}
