namespace Dual;

/// <summary>
/// The check table (in the spirit of PyTorch's OpInfo): one row per primitive and per composite,
/// saying how to call it, which shapes to try and which values are inside its domain. Property
/// tests and <c>dual gradcheck</c> both run it; a test fails if a primitive or composite lacks a row.
/// </summary>
public static class OpCatalog
{
    /// <summary>Every row: primitives first, then composites.</summary>
    public static IReadOnlyList<OpCase> All { get; } = [.. PrimitiveCases(), .. CompositeCases()];

    /// <summary>The row named <paramref name="name"/> (case-insensitive), or null.</summary>
    public static OpCase? Find(string name) => All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<OpCase> PrimitiveCases()
    {
        yield return Unary(OpKind.Neg, x => -x);
        yield return Unary(OpKind.Exp, x => x.Exp());
        yield return Unary(OpKind.Log, x => x.Log(), Domain.Positive);
        yield return Unary(OpKind.Tanh, x => x.Tanh());
        yield return Unary(OpKind.Sqrt, x => x.Sqrt(), Domain.Positive);
        yield return Unary(OpKind.Abs, x => x.Abs(), Domain.AwayFromZero);
        yield return Unary(OpKind.Sign, x => x.Sign(), Domain.AwayFromZero);
        yield return Unary(OpKind.Gelu, x => x.Gelu());
        yield return Unary(OpKind.GeluDerivative, x => x.GeluDerivative());
        yield return Unary(OpKind.Sigmoid, x => x.Sigmoid());
        yield return Primitive(OpKind.Pow, c =>
        {
            var p = c.OneOf(2.0, 3.0, 0.5, -1.0, 1.7, -2.5);
            return ([new InputSpec(c.Shape(), Domain.Positive)], x => x[0].Pow(p));
        });
        yield return Primitive(OpKind.StopGradient, c => ([new InputSpec(c.Shape())], x => x[0].StopGradient()),
            GradCheckOptions.Default with { ExpectZeroGradient = true });

        yield return Binary(OpKind.Add, (a, b) => a + b);
        yield return Binary(OpKind.Sub, (a, b) => a - b);
        yield return Binary(OpKind.Mul, (a, b) => a * b);
        yield return Binary(OpKind.Div, (a, b) => a / b, Domain.Any, Domain.AwayFromZero);
        yield return Binary(OpKind.Greater, (a, b) => a.Greater(b), Domain.Distinct, Domain.Distinct);
        yield return Binary(OpKind.GreaterEqual, (a, b) => a.GreaterEqual(b), Domain.Distinct, Domain.Distinct);
        yield return Binary(OpKind.Equal, (a, b) => a.Equal(b), Domain.Distinct, Domain.Distinct);
        yield return Primitive(OpKind.Where, c =>
        {
            var (a, b) = c.BroadcastPair();
            var cond = c.OneOf(a, b, Shape.TryBroadcast(a, b)!);
            return ([new InputSpec(cond, Domain.Mask), new InputSpec(a), new InputSpec(b)], x => Expr.Where(x[0], x[1], x[2]));
        });

        yield return Reduction(OpKind.Sum, (x, axes, keep) => x.Sum(axes, keep), Domain.Any);
        yield return Reduction(OpKind.Max, (x, axes, keep) => x.Max(axes, keep), Domain.Distinct);

        yield return Primitive(OpKind.MatMul, c =>
        {
            int m = c.Next(1, 4), k = c.Next(1, 4), n = c.Next(1, 4);
            return c.Next(0, 5) switch
            {
                0 => ([new InputSpec(Shape.Of(m, k)), new InputSpec(Shape.Of(k, n))], x => x[0].MatMul(x[1])),
                1 => ([new InputSpec(Shape.Of(k, m)), new InputSpec(Shape.Of(k, n))], x => x[0].MatMul(x[1], true, false)),
                2 => ([new InputSpec(Shape.Of(m, k)), new InputSpec(Shape.Of(n, k))], x => x[0].MatMul(x[1], false, true)),
                3 => ([new InputSpec(Shape.Of(k, m)), new InputSpec(Shape.Of(n, k))], x => x[0].MatMul(x[1], true, true)),
                4 => ([new InputSpec(Shape.Of(2, 1, m, k)), new InputSpec(Shape.Of(3, k, n))], x => x[0].MatMul(x[1])),
                _ => ([new InputSpec(Shape.Of(k)), new InputSpec(Shape.Of(k, n))], x => x[0].MatMul(x[1])),
            };
        });

        yield return Primitive(OpKind.Reshape, c =>
        {
            var s = c.Shape(1, 4);
            var target = c.Next(0, 2) switch
            {
                0 => Shape.Of(s.Size),
                1 => Shape.Create(s.Reverse().ToArray()),
                _ => Shape.Of(1, s.Size, 1),
            };
            return ([new InputSpec(s)], x => x[0].Reshape(target));
        });
        yield return Primitive(OpKind.Transpose, c =>
        {
            var s = c.Shape(1, 4);
            var perm = c.Permutation(s.Rank);
            return ([new InputSpec(s)], x => x[0].Transpose(perm));
        });
        yield return Primitive(OpKind.BroadcastTo, c =>
        {
            var (small, _) = c.BroadcastPair();
            var target = Shape.Create([c.Next(1, 3), .. small.Select(d => d == 1 ? c.Next(1, 3) : d)]);
            return ([new InputSpec(small)], x => x[0].BroadcastTo(target));
        });
        yield return Primitive(OpKind.Slice, c =>
        {
            var s = c.Shape(1, 4, 4);
            var axis = c.Next(0, s.Rank - 1);
            var start = c.Next(0, s[axis] - 1);
            var end = c.Next(start + 1, s[axis]);
            return ([new InputSpec(s)], x => x[0].Slice(axis, start, end));
        });
        yield return Primitive(OpKind.Pad, c =>
        {
            var s = c.Shape(1, 3);
            int[] before = s.Select(_ => c.Next(0, 2)).ToArray(), after = s.Select(_ => c.Next(0, 2)).ToArray();
            return ([new InputSpec(s)], x => x[0].Pad(before, after));
        });
        yield return Primitive(OpKind.Concat, c =>
        {
            var s = c.Shape(1, 3);
            var axis = c.Next(0, s.Rank - 1);
            var parts = Enumerable.Range(0, 3).Select(_ =>
            {
                var dims = s.ToArray();
                dims[axis] = c.Next(1, 3);
                return new InputSpec(Shape.Create(dims));
            }).ToArray();
            return (parts, x => Expr.Concat(axis, x));
        });
        yield return Primitive(OpKind.Gather, c =>
        {
            var s = c.Shape(1, 3, 4);
            var axis = c.Next(0, s.Rank - 1);
            var idx = c.Shape(1, 2, 4);
            return ([new InputSpec(s), new InputSpec(idx, Domain.Index, s[axis])], x => x[0].Gather(x[1], axis));
        });
        yield return Primitive(OpKind.ScatterAdd, c =>
        {
            var output = c.Shape(1, 3, 4);
            var axis = c.Next(0, output.Rank - 1);
            var idx = c.Shape(1, 2, 4);
            var updates = Shape.Create([.. output.Dims[..axis], .. idx.Dims, .. output.Dims[(axis + 1)..]]);
            var size = output[axis];
            return ([new InputSpec(updates), new InputSpec(idx, Domain.Index, size)], x => x[0].ScatterAdd(x[1], axis, size));
        });
    }

    private static IEnumerable<OpCase> CompositeCases()
    {
        yield return Composite(nameof(Expr.Square), c => ([new InputSpec(c.Shape())], x => x[0].Square()));
        yield return Composite(nameof(Expr.SigmoidComposite), c => ([new InputSpec(c.Shape())], x => x[0].SigmoidComposite()));
        yield return Composite(nameof(Expr.Relu), c => ([new InputSpec(c.Shape(), Domain.AwayFromZero)], x => x[0].Relu()));
        yield return Composite(nameof(Expr.GeluComposite), c => ([new InputSpec(c.Shape())], x => x[0].GeluComposite()));
        yield return Composite(nameof(Expr.Maximum), c =>
        {
            var (a, b) = c.BroadcastPair();
            return ([new InputSpec(a, Domain.Distinct), new InputSpec(b, Domain.Distinct)], x => x[0].Maximum(x[1]));
        });
        yield return Composite(nameof(Expr.Minimum), c =>
        {
            var (a, b) = c.BroadcastPair();
            return ([new InputSpec(a, Domain.Distinct), new InputSpec(b, Domain.Distinct)], x => x[0].Minimum(x[1]));
        });
        yield return Composite(nameof(Expr.Mean), c =>
        {
            var s = c.Shape();
            var (axes, keep) = (c.Axes(s.Rank), c.Next(0, 1) == 1);
            return ([new InputSpec(s)], x => x[0].Mean(axes, keep));
        });
        yield return Composite(nameof(Expr.Variance), c =>
        {
            var s = c.Shape(1, 4);
            var (axes, keep) = (c.Axes(s.Rank), c.Next(0, 1) == 1);
            return ([new InputSpec(s)], x => x[0].Variance(axes, keep));
        });
        yield return Composite(nameof(Expr.SumTo), c =>
        {
            var (small, _) = c.BroadcastPair();
            var full = Shape.Create([c.Next(1, 3), .. small.Select(d => d == 1 ? c.Next(1, 3) : d)]);
            return ([new InputSpec(full)], x => x[0].SumTo(small));
        });
        yield return Composite(nameof(Expr.LogSumExp), c =>
        {
            var s = c.Shape(1, 4);
            var (axis, keep) = (c.Next(0, s.Rank - 1), c.Next(0, 1) == 1);
            return ([new InputSpec(s)], x => x[0].LogSumExp(axis, keep));
        });
        yield return Composite(nameof(Expr.Softmax), c =>
        {
            var s = c.Shape(1, 4);
            var axis = c.Next(0, s.Rank - 1);
            return ([new InputSpec(s)], x => x[0].Softmax(axis));
        });
        yield return Composite(nameof(Expr.LogSoftmax), c =>
        {
            var s = c.Shape(1, 4);
            var axis = c.Next(0, s.Rank - 1);
            return ([new InputSpec(s)], x => x[0].LogSoftmax(axis));
        });
        yield return Composite(nameof(Expr.SoftmaxCrossEntropy), c =>
        {
            var rows = c.Shape(1, 2, 4);
            var classes = c.Next(2, 5);
            return ([new InputSpec(Shape.Create([.. rows, classes])), new InputSpec(rows, Domain.Index, classes)],
                x => Expr.SoftmaxCrossEntropy(x[0], x[1]));
        });
    }

    private static OpCase Primitive(OpKind kind, Func<Choices, (InputSpec[], Func<Expr[], Expr>)> draw, GradCheckOptions? options = null) =>
        new(kind.ToString(), true, draw, options);

    private static OpCase Composite(string name, Func<Choices, (InputSpec[], Func<Expr[], Expr>)> draw) => new(name, false, draw);

    private static OpCase Unary(OpKind kind, Func<Expr, Expr> f, Domain domain = Domain.Any) =>
        Primitive(kind, c => ([new InputSpec(c.Shape(), domain)], x => f(x[0])));

    private static OpCase Binary(OpKind kind, Func<Expr, Expr, Expr> f, Domain da = Domain.Any, Domain db = Domain.Any) =>
        Primitive(kind, c =>
        {
            var (a, b) = c.BroadcastPair();
            return ([new InputSpec(a, da), new InputSpec(b, db)], x => f(x[0], x[1]));
        });

    private static OpCase Reduction(OpKind kind, Func<Expr, int[], bool, Expr> f, Domain domain) =>
        Primitive(kind, c =>
        {
            var s = c.Shape();
            var (axes, keep) = (c.Axes(s.Rank), c.Next(0, 1) == 1);
            return ([new InputSpec(s, domain)], x => f(x[0], axes, keep));
        });
}
