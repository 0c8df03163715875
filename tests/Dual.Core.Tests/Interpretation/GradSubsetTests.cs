namespace Dual.Tests.Interpretation;

/// <summary>ValueAndGrad for a subset of the variables, and the bindings it is given.</summary>
public class GradSubsetTests
{
    [Fact]
    public void ValueAndGrad_returns_only_the_requested_gradients_and_they_match_the_full_ones()
    {
        var (w, x) = (Expr.Variable("w", [3]), Expr.Variable("x", [3]));
        var loss = (w * x).Tanh().Sum();
        var env = Env.Of(("w", Tensor.Vector(0.1, -0.2, 0.3)), ("x", Tensor.Vector(1.0, 2.0, -1.0)));
        var (value, onlyW) = Grad.ValueAndGrad(loss, env, "w");
        var (_, all) = Grad.ValueAndGrad(loss, env);
        Assert.Equal(["w"], onlyW.Keys);
        Assert.Equal(["w", "x"], all.Keys.Order());
        Assert.True(onlyW["w"].Equals(all["w"]));
        var expected = Enumerable.Range(0, 3).Sum(i => Math.Tanh(env["w"][i] * env["x"][i]));
        Assert.Equal(expected, value.ToScalar(), 1e-15);
        Assert.Throws<ArgumentException>(() => Grad.ValueAndGrad(loss, env, "nope"));
    }

    [Fact]
    public void Env_merges_in_order_and_later_bindings_win()
    {
        var a = Env.Of(("x", 1.0), ("y", 2.0));
        var merged = a.With(Env.Of(("y", 3.0), ("z", 4.0)));
        Assert.Equal(["x", "y", "z"], merged.Keys);
        Assert.Equal(3.0, merged["y"].ToScalar());
        Assert.Equal(2.0, a["y"].ToScalar()); // the original is unchanged
        Assert.Throws<ArgumentException>(() => Env.Of(("x", 1.0), ("x", 2.0)));
    }

    [Fact]
    public void Tensor_Create_fills_through_a_span()
    {
        var t = Tensor.Create([2, 2], v => { for (var i = 0; i < v.Length; i++) v[i] = i * 0.5; });
        Assert.Equal([0.0, 0.5, 1.0, 1.5], t.ToArray());
    }
}
