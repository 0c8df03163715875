namespace Dual.Tests.Interpretation;

/// <summary>
/// <see cref="Env"/> keeps its bindings in the order they were first given: error messages list the bound names
/// in that order, and <see cref="CompiledGradient"/> and the CLI print them so. Rebinding a name changes its value,
/// not its place.
/// </summary>
public class EnvTests
{
    private static readonly Tensor One = Tensor.Scalar(1.0);
    private static readonly Tensor Two = Tensor.Scalar(2.0);

    [Fact]
    public void A_new_name_is_added_at_the_end()
    {
        var env = Env.Of(("b", One), ("a", One)).With("c", Two);
        Assert.Equal(["b", "a", "c"], env.Keys);
        Assert.Equal(3, env.Count);
        Assert.Equal(2.0, env["c"].Data[0]);
    }

    [Fact]
    public void A_rebound_name_keeps_its_place_and_takes_the_new_value()
    {
        var env = Env.Of(("b", One), ("a", One)).With("b", Two);
        Assert.Equal(["b", "a"], env.Keys);
        Assert.Equal(2, env.Count);
        Assert.Equal([2.0, 1.0], env.Values.Select(v => v.Data[0]));
    }

    [Fact]
    public void With_leaves_the_original_unchanged()
    {
        var env = Env.Of(("a", One));
        _ = env.With("a", Two).With("b", Two);
        Assert.Equal(["a"], env.Keys);
        Assert.Equal(1.0, env["a"].Data[0]);
    }

    [Fact]
    public void Merging_appends_the_other_names_in_their_order_and_the_other_wins_on_a_clash()
    {
        var merged = Env.Of(("a", One), ("b", One)).With(Env.Of(("c", Two), ("a", Two)));
        Assert.Equal(["a", "b", "c"], merged.Keys);
        Assert.Equal([2.0, 1.0, 2.0], merged.Values.Select(v => v.Data[0]));
    }

    [Fact]
    public void An_unbound_name_is_reported_with_the_bound_names_in_order()
    {
        var env = Env.Of(("b", One)).With("a", One);
        var e = Assert.Throws<KeyNotFoundException>(() => env["z"]);
        Assert.Equal("Variable 'z' is not bound. Bound: b, a.", e.Message);
        Assert.Equal("Variable 'z' is not bound. Bound: (none).", Assert.Throws<KeyNotFoundException>(() => Env.Empty["z"]).Message);
    }
}
