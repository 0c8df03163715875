using Dual.Kernels;

namespace Dual;

public static partial class Primitives
{
    /// <summary>y = a + b; da = dy, db = dy.</summary>
    public static readonly OpDef Add = OpDef.Binary(OpKind.Add, Elementwise.Add,
        vjp: (a, b, y, dy) => (dy, dy),
        jvp: (a, b, y, da, db) => da + db);

    /// <summary>y = a − b; da = dy, db = −dy.</summary>
    public static readonly OpDef Sub = OpDef.Binary(OpKind.Sub, Elementwise.Subtract,
        vjp: (a, b, y, dy) => (dy, -dy),
        jvp: (a, b, y, da, db) => da - db);

    /// <summary>y = a·b; da = dy·b, db = dy·a.</summary>
    public static readonly OpDef Mul = OpDef.Binary(OpKind.Mul, Elementwise.Multiply,
        vjp: (a, b, y, dy) => (dy * b, dy * a),
        jvp: (a, b, y, da, db) => da * b + a * db);

    /// <summary>y = a / b; da = dy / b, db = −dy·y / b.</summary>
    public static readonly OpDef Div = OpDef.Binary(OpKind.Div, Elementwise.Divide,
        vjp: (a, b, y, dy) => (dy / b, -dy * y / b),
        jvp: (a, b, y, da, db) => (da - y * db) / b);

    /// <summary>y = 1 where a &gt; b, else 0; no derivative.</summary>
    public static readonly OpDef Greater = OpDef.Comparison(OpKind.Greater, Comparisons.Kernel<IsGreater>());

    /// <summary>y = 1 where a ≥ b, else 0; no derivative.</summary>
    public static readonly OpDef GreaterEqual = OpDef.Comparison(OpKind.GreaterEqual, Comparisons.Kernel<IsGreaterOrEqual>());

    /// <summary>y = 1 where a == b, else 0; no derivative.</summary>
    public static readonly OpDef Equal = OpDef.Comparison(OpKind.Equal, Comparisons.Kernel<IsEqual>());

    /// <summary>
    /// y = a where c ≠ 0, else b (all three broadcast); da = where(c, dy, 0), db = where(c, 0, dy);
    /// the condition gets no derivative.
    /// </summary>
    public static readonly OpDef Where = new(OpKind.Where, 3,
        OpDef.BroadcastShape,
        static y =>
        {
            var loop = new Elementwise.WhereLoop(y.Input(0).Shape, y.Input(1).Shape, y.Input(2).Shape, y.Shape);
            return (x, output) => loop.Run(x[0], x[1], x[2], output);
        },
        static (y, dy) =>
        {
            var (c, a, b) = (y.Input(0), y.Input(1), y.Input(2));
            return [null, Expr.Where(c, dy, 0.0).SumTo(a.Shape), Expr.Where(c, 0.0, dy).SumTo(b.Shape)];
        },
        static (y, t) => t[1] is null && t[2] is null ? null
            : Expr.Where(y.Input(0), t[1] ?? Expr.Zeros(y.Input(1).Shape), t[2] ?? Expr.Zeros(y.Input(2).Shape)));
}
