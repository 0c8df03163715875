namespace Dual.Tests.Ops;

/// <summary>
/// Gather and scatter-add at several ranks, axes and index ranks: gather against a plain loop over
/// (outer, index, inner) positions, and scatter-add as its adjoint, ⟨gather(x), u⟩ = ⟨x, scatterAdd(u)⟩,
/// with repeated indices (which must add up).
/// </summary>
public class GatherScatterTests
{
    public static readonly (int[] X, double[] Indices, int[] IndexDims, int Axis)[] Cases =
    [
        ([5], [4, 0, 4], [3], 0),
        ([3, 4], [2, 0, 2, 1], [4], 0),
        ([3, 4], [3, 3, 0], [3], 1),
        ([2, 3, 4], [1, 1, 0, 2, 0, 1], [2, 3], 1),
        ([2, 3, 4], [3, 0], [2], 2),
        ([2, 3, 4, 2], [0, 2, 2, 1], [2, 2], 2),
        ([3, 2], [2], [], 0),
    ];

    public static TheoryData<int> Rows() => [.. Enumerable.Range(0, Cases.Length)];

    [Theory, MemberData(nameof(Rows))]
    public void Gather_matches_a_plain_loop(int row)
    {
        var (xDims, indices, indexDims, axis) = Cases[row];
        var x = Tensor.RandomUniform(Shape.Create(xDims), row, -1, 1);
        var idx = Expr.Constant(Tensor.FromArray(Shape.Create(indexDims), indices));
        var y = Expr.Variable("x", x.Shape).Gather(idx, axis).Evaluate(Env.Of(("x", x)));

        var outer = xDims[..axis].Aggregate(1, (p, d) => p * d);
        var inner = xDims[(axis + 1)..].Aggregate(1, (p, d) => p * d);
        var (n, m, xv) = (xDims[axis], indices.Length, x.ToArray());
        var expected = new double[outer * m * inner];
        for (var o = 0; o < outer; o++)
            for (var j = 0; j < m; j++)
                for (var i = 0; i < inner; i++)
                    expected[(o * m + j) * inner + i] = xv[(o * n + (int)indices[j]) * inner + i];
        Assert.Equal(Shape.Create([.. xDims[..axis], .. indexDims, .. xDims[(axis + 1)..]]), y.Shape);
        Assert.Equal(expected, y.ToArray());
    }

    [Theory, MemberData(nameof(Rows))]
    public void Scatter_add_is_the_adjoint_of_gather(int row)
    {
        var (xDims, indices, indexDims, axis) = Cases[row];
        var idx = Expr.Constant(Tensor.FromArray(Shape.Create(indexDims), indices));
        var xVar = Expr.Variable("x", Shape.Create(xDims));
        var gathered = xVar.Gather(idx, axis);
        var uVar = Expr.Variable("u", gathered.Shape);
        var scattered = uVar.ScatterAdd(idx, axis, xDims[axis]);
        Assert.Equal(xVar.Shape, scattered.Shape);

        var env = Env.Of(("x", Tensor.RandomUniform(xVar.Shape, 10 + row, -1, 1)), ("u", Tensor.RandomUniform(uVar.Shape, 20 + row, -1, 1)));
        var left = Dot(gathered.Evaluate(env), env["u"]);
        var right = Dot(env["x"], scattered.Evaluate(env));
        Assert.True(Math.Abs(left - right) <= 1e-12 * Math.Max(1, Math.Abs(left)), $"⟨gather x, u⟩ = {left:R} but ⟨x, scatter u⟩ = {right:R}");
    }

    private static double Dot(Tensor a, Tensor b) => a.ToArray().Zip(b.ToArray(), (p, q) => p * q).Sum();
}
