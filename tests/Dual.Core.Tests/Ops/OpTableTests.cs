namespace Dual.Tests.Ops;

/// <summary>The table of built-in primitives: ordered by kind, each entry found by its kind and named after it, and clear errors for what is not a primitive.</summary>
public class OpTableTests
{
    [Fact]
    public void All_lists_each_primitive_once_in_kind_order_and_Get_finds_it()
    {
        var kinds = OpTable.All.Select(d => d.Kind).ToArray();
        // Every kind but the leaves and user-defined primitives has its definition here.
        Assert.Equal(Enum.GetValues<OpKind>().Except([OpKind.Constant, OpKind.Variable, OpKind.Custom]).Order(), kinds);
        Assert.Equal(kinds.Order().ToArray(), kinds);
        Assert.Equal(kinds.Length, kinds.Distinct().Count());
        foreach (var def in OpTable.All)
        {
            Assert.Same(def, OpTable.Get(def.Kind));
            Assert.Equal(def.Kind.ToString(), def.Name);
            Assert.Equal(def.Name, def.ToString());
        }
    }

    [Theory]
    [InlineData(OpKind.Constant)]
    [InlineData(OpKind.Variable)]
    public void A_leaf_is_not_a_primitive(OpKind leaf)
    {
        var e = Assert.Throws<ArgumentException>(() => OpTable.Get(leaf));
        Assert.Equal("kind", e.ParamName);
        Assert.Contains($"{leaf} is a leaf, not a primitive.", e.Message);
    }

    [Fact]
    public void Operands_that_do_not_broadcast_are_named_in_the_error()
    {
        var e = Assert.Throws<ShapeException>(() => Expr.Variable("a", [2, 3]) + Expr.Variable("b", [4]));
        Assert.Contains("shapes [2, 3] and [4] do not broadcast together", e.Message);
        var w = Assert.Throws<ShapeException>(() => Expr.Where(Expr.Variable("c", [2, 3]), Expr.Variable("a", [3]), Expr.Variable("b", [5])));
        Assert.Contains("shapes [2, 3] and [3] and [5] do not broadcast together", w.Message);
    }
}
