namespace Dual;

public static partial class Primitives
{
    /// <summary>
    /// y = op(a)·op(b) over the last two axes, where op transposes when the attribute says so;
    /// leading (batch) axes broadcast. For y = a·b: da = dy·bᵀ, db = aᵀ·dy. The transposed
    /// variants are the same rule with the operands read transposed, so no backward pass
    /// materialises a transpose.
    /// </summary>
    public static readonly OpDef MatMul = new(OpKind.MatMul, 2,
        MatMulShape,
        Kernels.BatchedMatMul.Prepare,
        static (y, dy) =>
        {
            Expr a = y.Input(0), b = y.Input(1);
            var (ta, tb) = y.AttributeAs<MatMulAttribute>();
            var (da, db) = (ta, tb) switch
            {
                (false, false) => (dy.MatMul(b, false, true), a.MatMul(dy, true, false)),
                (false, true) => (dy.MatMul(b, false, false), dy.MatMul(a, true, false)),
                (true, false) => (b.MatMul(dy, false, true), a.MatMul(dy, false, false)),
                (true, true) => (b.MatMul(dy, true, true), dy.MatMul(a, true, true)),
            };
            return [da.SumTo(a.Shape), db.SumTo(b.Shape)];
        },
        static (y, t) =>
        {
            Expr a = y.Input(0), b = y.Input(1);
            var (ta, tb) = y.AttributeAs<MatMulAttribute>();
            var left = t[0] is { } da ? da.MatMul(b, ta, tb) : null;
            var right = t[1] is { } db ? a.MatMul(db, ta, tb) : null;
            return left is null ? right : right is null ? left : left + right;
        });

    internal static (int Rows, int Cols) Matrix(Shape s, bool transposed) =>
        transposed ? (s[^1], s[^2]) : (s[^2], s[^1]);

    private static Shape MatMulShape(IReadOnlyList<Expr> inputs, object? attribute)
    {
        var (ta, tb) = (MatMulAttribute)attribute!;
        Shape a = inputs[0].Shape, b = inputs[1].Shape;
        if (a.Rank < 2 || b.Rank < 2)
            throw new ShapeException($"operands need rank 2 or more, got {a} and {b}");
        var (m, k) = Matrix(a, ta);
        var (k2, n) = Matrix(b, tb);
        if (k != k2)
            throw new ShapeException($"inner dimensions differ: {a}{(ta ? "ᵀ" : "")} · {b}{(tb ? "ᵀ" : "")} ({k} vs {k2})");
        var batch = Shape.TryBroadcast(Shape.Create(a.Dims[..^2]), Shape.Create(b.Dims[..^2]))
            ?? throw new ShapeException($"batch dimensions of {a} and {b} do not broadcast");
        return Shape.Create([.. batch, m, n]);
    }
}
