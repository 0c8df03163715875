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
    public void Gradients_come_back_keyed_by_name_in_the_order_asked_and_each_order_gets_its_own_program()
    {
        var (w, x) = (Expr.Variable("w", [2]), Expr.Variable("x", [2]));
        var loss = (w * w * x).Sum(); // d/dw = 2wx, d/dx = w²
        var env = Env.Of(("w", Tensor.Vector(3.0, -1.0)), ("x", Tensor.Vector(0.5, 2.0)));

        var (_, wx) = Grad.ValueAndGrad(loss, env, "w", "x");
        var (_, xw) = Grad.ValueAndGrad(loss, env, "x", "w");
        var (_, twice) = Grad.ValueAndGrad(loss, env, "w", "w");

        Assert.Equal(["w", "x"], wx.Keys);
        Assert.Equal(["x", "w"], xw.Keys);
        Assert.Equal([3.0, -4.0], wx["w"].ToArray());
        Assert.Equal([9.0, 1.0], xw["x"].ToArray());
        Assert.Equal(wx.Select(p => (p.Key, p.Value.ToArray())), [("w", new[] { 3.0, -4.0 }), ("x", new[] { 9.0, 1.0 })]);
        Assert.Equal(["w"], twice.Keys);
        Assert.Single(twice);
        Assert.True(wx.ContainsKey("x") && !wx.ContainsKey("y") && !wx.TryGetValue("y", out _));
        Assert.Contains("Gradients: w, x", Assert.Throws<KeyNotFoundException>(() => wx["y"]).Message);
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
