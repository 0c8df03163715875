namespace Dual.Models.Tests;

/// <summary>Embedding: a row lookup whose gradient adds the cotangent rows back at the looked-up ids.</summary>
public class EmbeddingTests
{
    private static readonly int[] Ids = [3, 0, 3, 4, 1, 3];

    [Fact]
    public void Embedding_picks_the_table_rows_of_the_ids()
    {
        var ids = Expr.Constant(Tensor.FromArray([2, 3], Ids.Select(i => (double)i).ToArray()));
        var built = Layers.Embedding(ids, vocab: 5, width: 4).Build();
        Assert.Equal("w", Assert.Single(built.Parameters).Path);
        Assert.Equal(Shape.Of(5, 4), built.Parameters[0].Shape);
        var p = built.Init(2);

        var y = built.Value.Evaluate(p.ToEnv());

        Assert.Equal(Shape.Of(2, 3, 4), y.Shape);
        for (var k = 0; k < Ids.Length; k++)
            for (var j = 0; j < 4; j++)
                Assert.Equal(p["w"][Ids[k], j], y[k / 3, k % 3, j]);
    }

    [Fact]
    public void Embedding_gradient_sums_the_cotangent_rows_of_repeated_ids()
    {
        var ids = Expr.Constant(Tensor.FromArray([6], Ids.Select(i => (double)i).ToArray()));
        var built = Layers.Embedding(ids, 5, 4, name: "wte").Build();
        Assert.Equal("wte", built.Parameters[0].Path);
        var u = Checks.Uniform([6, 4], 9);

        var (_, grads) = Grad.ValueAndGrad((built.Value * Expr.Constant(u)).Sum(), built.Init(1).ToEnv());

        var expected = new double[5, 4];
        for (var k = 0; k < Ids.Length; k++)
            for (var j = 0; j < 4; j++) expected[Ids[k], j] += u[k, j];
        Checks.Close(Tensor.FromArray(expected), grads["wte"], 1e-15);
        // Row 2 is never looked up: exactly zero.
        Assert.All(Enumerable.Range(0, 4), j => Assert.Equal(0.0, grads["wte"][2, j]));
    }

    [Fact]
    public void Embedding_passes_the_gradient_check()
    {
        var ids = Expr.Constant(Tensor.FromArray([2, 3], Ids.Select(i => (double)i).ToArray()));
        var built = Layers.Embedding(ids, 5, 4).Build();
        Checks.GradientsAreRight(built.Value, built.Init(4).ToEnv(), "Embedding [2, 3] -> 4");
    }

    [Fact]
    public void Embedding_rejects_non_positive_sizes()
    {
        var ids = Expr.Constant(Tensor.Vector(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Layers.Embedding(ids, 0, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => Layers.Embedding(ids, 4, -1));
    }
}
