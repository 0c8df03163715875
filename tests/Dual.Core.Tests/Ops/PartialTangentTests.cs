namespace Dual.Tests.Ops;

/// <summary>
/// Forward mode when only some operands carry a tangent. Every primitive with two or more operands
/// is a row; every subset of its differentiable operands gets a tangent (the others none, so the
/// rule sees null there) and the JVP must equal the central difference along exactly that
/// direction, and the full JVP with explicit zero tangents for the others. Catches a rule that
/// drops a present tangent, substitutes the wrong operand's zero, or gives up when one is missing.
/// Each operand's reverse-mode cotangent is paired with its tangent too, so a VJP that drops one fails its row.
/// </summary>
public class PartialTangentTests
{
    /// <summary>One op under test: its operands are variables x0, x1, … with these shapes; integer operands are fixed constants.</summary>
    public sealed record Row(string Name, Shape[] Shapes, int[] Differentiable, Func<Expr[], Expr> Build, Func<int, Shape, Tensor>? Value = null)
    {
        public override string ToString() => Name;
    }

    private static Tensor Uniform(int seed, Shape s) => Tensor.RandomUniform(s, seed, -2, 2);

    // Denominators kept away from zero; a 0/1 condition with both values present.
    private static Tensor AwayFromZero(int seed, Shape s) =>
        Tensor.FromArray(s, Tensor.RandomUniform(s, seed, 0.5, 2).ToArray().Select((v, i) => i % 2 == 0 ? v : -v).ToArray());

    private static Tensor Mask(int seed, Shape s) => Tensor.FromArray(s, Enumerable.Range(0, s.Size).Select(i => (double)((i * 7 + seed) % 3 == 0 ? 1 : 0)).ToArray());

    private static readonly Expr Indices = Expr.Constant(Tensor.Vector(2, 0, 2, 1));
    private static readonly Expr IndexMatrix = Expr.Constant(Tensor.FromRows([1, 0], [1, 1]));

    public static readonly Row[] Table =
    [
        new("add", [[2, 3], [2, 3]], [0, 1], x => x[0] + x[1]),
        new("add broadcast", [[2, 1], [3]], [0, 1], x => x[0] + x[1]),
        new("sub", [[2, 3], [2, 3]], [0, 1], x => x[0] - x[1]),
        new("sub broadcast", [[3], [2, 3]], [0, 1], x => x[0] - x[1]),
        new("mul", [[2, 3], [2, 3]], [0, 1], x => x[0] * x[1]),
        new("mul broadcast", [[2, 3], [2, 1]], [0, 1], x => x[0] * x[1]),
        new("div", [[2, 3], [2, 3]], [0, 1], x => x[0] / x[1], (i, s) => i == 1 ? AwayFromZero(11, s) : Uniform(10, s)),
        new("div broadcast", [[3], [2, 3]], [0, 1], x => x[0] / x[1], (i, s) => i == 1 ? AwayFromZero(12, s) : Uniform(13, s)),
        new("where", [[2, 3], [2, 3], [2, 3]], [1, 2], x => Expr.Where(x[0], x[1], x[2]), (i, s) => i == 0 ? Mask(1, s) : Uniform(20 + i, s)),
        new("where broadcast", [[2, 3], [3], [2, 1]], [1, 2], x => Expr.Where(x[0], x[1], x[2]), (i, s) => i == 0 ? Mask(2, s) : Uniform(30 + i, s)),
        new("matmul", [[2, 3], [3, 4]], [0, 1], x => x[0].MatMul(x[1])),
        new("matmul aᵀ", [[3, 2], [3, 4]], [0, 1], x => x[0].MatMul(x[1], true, false)),
        new("matmul bᵀ", [[2, 3], [4, 3]], [0, 1], x => x[0].MatMul(x[1], false, true)),
        new("matmul aᵀbᵀ", [[3, 2], [4, 3]], [0, 1], x => x[0].MatMul(x[1], true, true)),
        new("matmul batched", [[2, 1, 2, 3], [3, 3, 2]], [0, 1], x => x[0].MatMul(x[1])),
        new("concat axis 1", [[2, 1], [2, 3], [2, 2]], [0, 1, 2], x => Expr.Concat(1, x)),
        new("concat axis 0", [[1, 3], [2, 3]], [0, 1], x => Expr.Concat(0, x)),
        new("gather", [[3, 2]], [0], x => x[0].Gather(Indices, 0) * x[0].Sum()),
        new("gather axis 1, matrix indices", [[2, 3, 2]], [0], x => x[0].Gather(IndexMatrix, 1)),
        new("scatter-add", [[4, 2]], [0], x => x[0].ScatterAdd(Indices, 0, 3)),
        new("scatter-add axis 1", [[3, 2, 2]], [0], x => x[0].ScatterAdd(IndexMatrix, 1, 2)),
        // User-defined binary primitives: a hand-written JVP, and one derived from the VJP (whose pairing skips absent tangents).
        new("user hypot, hand JVP", [[2, 3], [2, 3]], [0, 1], x => UserPrimitives.HypotWithJvp.Apply(x[0], x[1]), (i, s) => AwayFromZero(60 + i, s)),
        new("user hypot, derived JVP", [[2, 3], [2, 3]], [0, 1], x => UserPrimitives.HypotDerived.Apply(x[0], x[1]), (i, s) => AwayFromZero(70 + i, s)),
        // Operands shared between an op and a reduction: a rule for one operand must not assume the other's tangent.
        new("mul then max", [[2, 3], [2, 3]], [0, 1], x => (x[0] * x[1]).Max(1)),
        new("where then sum", [[2, 3], [2, 3], [2, 3]], [1, 2], x => Expr.Where(x[0], x[1], x[2] * x[1]).Sum(0), (i, s) => i == 0 ? Mask(3, s) : Uniform(40 + i, s)),
    ];

    public static TheoryData<string> Rows() => [.. Table.Select(r => r.Name)];

    private static (Expr[] Vars, Expr Y, Env Point) Instantiate(Row row)
    {
        var vars = row.Shapes.Select((s, i) => Expr.Variable("x" + i, s)).ToArray();
        var point = Env.Of([.. row.Shapes.Select((s, i) => ("x" + i, row.Value?.Invoke(i, s) ?? Uniform(100 + i, s)))]);
        return (vars, row.Build(vars), point);
    }

    private static IEnumerable<int[]> Subsets(int[] items) =>
        Enumerable.Range(0, 1 << items.Length).Select(mask => items.Where((_, i) => (mask >> i & 1) == 1).ToArray());

    [Theory, MemberData(nameof(Rows))]
    public void Every_subset_of_tangents_matches_central_differences_along_it(string name)
    {
        var row = Table.Single(r => r.Name == name);
        var (_, y, point) = Instantiate(row);
        var tangents = row.Shapes.Select((s, i) => Tensor.RandomUniform(s, 500 + i, -1, 1)).ToArray();
        foreach (var subset in Subsets(row.Differentiable))
        {
            var given = Env.Of([.. subset.Select(i => ("x" + i, tangents[i]))]);
            var (_, tangent) = Grad.Jvp(y, point, given);
            var expected = CentralDifference(y, point, given);
            AssertClose(expected, tangent, 1e-6, $"{name}, tangents for {{{string.Join(", ", subset.Select(i => "x" + i))}}}");

            // The same direction with explicit zero tangents for the rest: forward mode must not care how a zero is spelled.
            var zeros = Env.Of([.. row.Differentiable.Select(i => ("x" + i, subset.Contains(i) ? tangents[i] : Tensor.Zeros(row.Shapes[i])))]);
            var (_, full) = Grad.Jvp(y, point, zeros);
            AssertClose(full, tangent, 1e-12, $"{name}, {{{string.Join(", ", subset)}}} vs explicit zeros");
        }
    }

    [Theory, MemberData(nameof(Rows))]
    public void Each_operands_cotangent_pairs_with_its_tangent_as_forward_mode_says(string name)
    {
        // ⟨J·t, u⟩ = ⟨t, Jᵀ·u⟩ one operand at a time: a VJP that drops or swaps one operand's cotangent fails its row,
        // with no step size involved.
        var row = Table.Single(r => r.Name == name);
        var (vars, y, point) = Instantiate(row);
        var u = Tensor.RandomUniform(y.Shape, 700, -1, 1);
        var (_, cotangents) = Grad.Vjp(y, point, u, vars);
        foreach (var i in row.Differentiable)
        {
            var t = Tensor.RandomUniform(row.Shapes[i], 800 + i, -1, 1);
            var (_, jt) = Grad.Jvp(y, point, Env.Of(("x" + i, t)));
            double forward = Dot(jt, u), reverse = Dot(t, cotangents[i]);
            Assert.True(Math.Abs(forward - reverse) <= 1e-12 * Math.Max(1, Math.Abs(forward)),
                $"{name}, operand x{i}: forward ⟨J·t, u⟩ = {forward:R}, reverse ⟨t, Jᵀ·u⟩ = {reverse:R}");
        }
    }

    private static double Dot(Tensor a, Tensor b) => a.ToArray().Zip(b.ToArray(), (p, q) => p * q).Sum();

    [Fact]
    public void A_tangent_on_an_operand_without_derivative_changes_nothing()
    {
        // Where's condition and gather's indices have no derivative: their tangents are ignored, not misapplied.
        var (c, a, b) = (Expr.Variable("c", [2, 3]), Expr.Variable("a", [2, 3]), Expr.Variable("b", [3]));
        var y = Expr.Where(c, a, b);
        var point = Env.Of(("c", Mask(5, [2, 3])), ("a", Uniform(6, [2, 3])), ("b", Uniform(7, [3])));
        var ta = Uniform(8, [2, 3]);
        var (_, withCondition) = Grad.Jvp(y, point, Env.Of(("a", ta), ("c", Uniform(9, [2, 3]))));
        var (_, without) = Grad.Jvp(y, point, Env.Of(("a", ta)));
        AssertClose(without, withCondition, 0, "where: condition tangent");
        var (_, onlyCondition) = Grad.Jvp(y, point, Env.Of(("c", Uniform(9, [2, 3]))));
        AssertClose(Tensor.Zeros([2, 3]), onlyCondition, 0, "where: only the condition moves");

        var (x, idx) = (Expr.Variable("x", [3, 2]), Expr.Variable("i", [4]));
        var g = x.Gather(idx);
        var gPoint = Env.Of(("x", Uniform(10, [3, 2])), ("i", Tensor.Vector(2, 0, 2, 1)));
        var (_, onlyIndices) = Grad.Jvp(g, gPoint, Env.Of(("i", Tensor.Vector(1, 1, 1, 1))));
        AssertClose(Tensor.Zeros([4, 2]), onlyIndices, 0, "gather: only the indices move");
        var s = Expr.Variable("u", [4, 2]).ScatterAdd(idx, 0, 3);
        var (_, scatterIndices) = Grad.Jvp(s, Env.Of(("u", Uniform(11, [4, 2])), ("i", Tensor.Vector(2, 0, 2, 1))), Env.Of(("i", Tensor.Vector(1, 1, 1, 1))));
        AssertClose(Tensor.Zeros([3, 2]), scatterIndices, 0, "scatter-add: only the indices move");
    }

    [Fact]
    public void Every_rule_returns_a_zero_tangent_when_no_operand_has_one()
    {
        // The documented contract of JvpRule: all-null tangents give null (a symbolic zero), for every primitive.
        foreach (var row in Table)
        {
            var (_, y, _) = Instantiate(row);
            // (A user's hand-written rule may spell its zero as an expression; the built-ins must not.)
            foreach (var node in Graph.TopologicalOrder(y).Where(n => !n.IsLeaf && !n.Definition!.IsUserDefined))
                Assert.Null(node.Definition!.Jvp(node, new Expr?[node.Inputs.Count]));
        }
        var x = Expr.Variable("x", [2, 3]);
        Expr[] unary =
        [
            -x, x.Exp(), x.Log(), x.Tanh(), x.Sqrt(), x.Abs(), x.Sign(), x.Pow(3), x.StopGradient(), x.Gelu(), x.GeluDerivative(),
            x.Sum(1), x.Sum(1, keepDims: true), x.Max(0), x.Max(0, keepDims: true), x.Reshape([3, 2]), x.Transpose(1, 0),
            x.BroadcastTo([4, 2, 3]), x.Slice(1, 1, 3), x.Pad([1, 0], [0, 2]), x > -x, x >= -x, x.Equal(-x),
        ];
        foreach (var node in unary)
            Assert.Null(node.Definition!.Jvp(node, new Expr?[node.Inputs.Count]));
    }

    private static Tensor CentralDifference(Expr y, Env point, Env direction, double h = 1e-5)
    {
        Env Moved(double step) => Env.Of([.. point.Select(kv => (kv.Key, direction.TryGetValue(kv.Key, out var d)
            ? Tensor.FromArray(kv.Value.Shape, kv.Value.ToArray().Zip(d.ToArray(), (v, t) => v + step * t).ToArray())
            : kv.Value))]);
        double[] plus = y.Evaluate(Moved(h)).ToArray(), minus = y.Evaluate(Moved(-h)).ToArray();
        return Tensor.FromArray(y.Shape, plus.Zip(minus, (p, m) => (p - m) / (2 * h)).ToArray());
    }

    private static void AssertClose(Tensor expected, Tensor actual, double tol, string what)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        for (var i = 0; i < expected.Size; i++)
        {
            double e = expected.Span[i], a = actual.Span[i];
            Assert.True(Math.Abs(e - a) <= tol * Math.Max(1, Math.Abs(e)), $"{what}: element {i}: expected {e:R}, got {a:R}");
        }
    }
}
