namespace Dual.Tests.Kernels;

/// <summary>where() over the operand layouts that have their own fast paths, against a plain loop.</summary>
public class WhereKernelTests
{
    public static TheoryData<int[], int[], int[]> Layouts() => new()
    {
        { [4, 2, 3], [4, 2, 3], [4, 2, 3] },   // all full
        { [4, 2, 3], [4, 2, 3], [] },          // relu: scalar false branch
        { [4, 2, 3], [], [4, 2, 3] },          // scalar true branch
        { [2, 3], [4, 2, 3], [] },             // causal mask repeated over leading axes
        { [2, 3], [], [4, 2, 3] },
        { [1, 3], [4, 2, 1], [2, 3] },         // general broadcasting
    };

    [Theory, MemberData(nameof(Layouts))]
    public void Where_matches_a_plain_loop(int[] c, int[] a, int[] b)
    {
        var (cs, as_, bs) = (Shape.Create(c), Shape.Create(a), Shape.Create(b));
        var y = Shape.TryBroadcast(Shape.TryBroadcast(cs, as_)!, bs)!;
        var cv = Tensor.Generate(cs, i => i % 3 == 0 ? 0 : 1);
        var av = Tensor.Generate(as_, i => i + 0.5);
        var bv = Tensor.Generate(bs, i => -i - 0.25);
        var result = Expr.Where(Expr.Constant(cv), Expr.Constant(av), Expr.Constant(bv)).Evaluate();
        Assert.Equal(y, result.Shape);
        var strides = y.Strides();
        for (var flat = 0; flat < y.Size; flat++)
        {
            var index = strides.Select((s, axis) => flat / s % y[axis]).ToArray();
            double At(Tensor t) => t[index[(y.Rank - t.Rank)..].Select((k, i) => t.Shape[i] == 1 ? 0 : k).ToArray()];
            Assert.Equal(At(cv) != 0 ? At(av) : At(bv), result.Span[flat]);
        }
    }
}

/// <summary>The fused GELU primitive against its composite reference: values, gradients and second derivatives.</summary>
public class FusedGeluTests
{
    [Fact]
    public void Fused_gelu_matches_the_composite_in_value_and_first_and_second_derivative()
    {
        var x = Expr.Variable("x", [2000]);
        var values = Tensor.Generate([2000], i => -8 + 16.0 * i / 1999);
        var env = Env.Of(("x", values));
        var fused = x.Gelu();
        var composite = x.GeluComposite();
        Assert.True(fused.Evaluate(env).AllClose(composite.Evaluate(env), rtol: 1e-13, atol: 1e-15));
        var g1 = Grad.Of(fused.Sum(), x)[0];
        var g2 = Grad.Of(composite.Sum(), x)[0];
        Assert.True(g1.Evaluate(env).AllClose(g2.Evaluate(env), rtol: 1e-12, atol: 1e-14));
        var h1 = Grad.Of(g1.Sum(), x)[0];
        var h2 = Grad.Of(g2.Sum(), x)[0];
        Assert.True(h1.Evaluate(env).AllClose(h2.Evaluate(env), rtol: 1e-10, atol: 1e-12));
    }
}
