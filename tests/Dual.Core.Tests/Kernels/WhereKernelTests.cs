using Dual.Kernels;

namespace Dual.Tests.Kernels;

/// <summary>
/// where() over the operand layouts that have their own fast paths, against a plain loop; the path each layout
/// takes (both give the same values, so only the choice shows a fast path that is never taken).
/// </summary>
public class WhereKernelTests
{
    public static TheoryData<int[], int[], int[], string> Paths() => new()
    {
        { [4, 2, 3], [4, 2, 3], [4, 2, 3], nameof(WherePath.Blocks) },   // all whole
        { [4, 2, 3], [4, 2, 3], [], nameof(WherePath.Blocks) },          // relu: where(x > 0, x, 0)
        { [4, 2, 3], [], [4, 2, 3], nameof(WherePath.Blocks) },
        { [4, 2, 3], [], [], nameof(WherePath.Blocks) },                 // a mask's 1 and 0
        { [5, 5], [2, 3, 5, 5], [], nameof(WherePath.Blocks) },          // attention's causal [T, T] mask over [B, H, T, T]
        { [2, 3], [], [4, 2, 3], nameof(WherePath.Blocks) },
        { [1, 6], [6], [1], nameof(WherePath.Blocks) },
        { [0, 3], [0, 3], [], nameof(WherePath.Blocks) },                // empty
        { [1, 3], [4, 2, 1], [2, 3], nameof(WherePath.Strided) },        // general broadcasting
        { [2, 1], [2, 3], [], nameof(WherePath.Strided) },               // the condition broadcasts along the last axis
        { [2, 3], [2, 3], [4, 2, 3], nameof(WherePath.Strided) },        // a repeats over leading axes, but is not whole
        { [3], [2, 3], [2, 1], nameof(WherePath.Strided) },              // b broadcasts along the last axis
    };

    [Theory, MemberData(nameof(Paths))]
    public void The_path_is_chosen_from_the_shapes(int[] c, int[] a, int[] b, string expected)
    {
        var (cs, as_, bs) = (Shape.Create(c), Shape.Create(a), Shape.Create(b));
        var y = Shape.TryBroadcast(Shape.TryBroadcast(cs, as_)!, bs)!;
        Assert.Equal(expected, new Elementwise.WhereLoop(cs, as_, bs, y).Path.ToString());
    }

    [Fact]
    public void Every_broadcasting_triple_of_small_shapes_matches_a_plain_loop_on_every_path()
    {
        var shapes = Broadcasting.Shapes(3, 1, 2, 3).Concat(Broadcasting.Shapes(2, 0, 3)).Distinct().ToArray();
        var taken = new HashSet<WherePath>();
        foreach (var cs in shapes)
            foreach (var as_ in shapes)
                foreach (var bs in shapes)
                {
                    if (Shape.TryBroadcast(cs, as_) is not { } ca || Shape.TryBroadcast(ca, bs) is not { } y) continue;
                    var loop = new Elementwise.WhereLoop(cs, as_, bs, y);
                    taken.Add(loop.Path);
                    // Conditions 0, 1, NaN (true) and −0 (false); a and b distinct everywhere.
                    var c = Enumerable.Range(0, cs.Size).Select(i => (i % 4) switch { 0 => 0.0, 1 => 1.0, 2 => double.NaN, _ => -0.0 }).ToArray();
                    var a = Enumerable.Range(0, as_.Size).Select(i => i + 0.5).ToArray();
                    var b = Enumerable.Range(0, bs.Size).Select(i => -i - 0.25).ToArray();
                    var result = new double[y.Size];
                    loop.Run(c, a, b, result);
                    for (var i = 0; i < result.Length; i++)
                    {
                        var expected = c[Broadcasting.SourceIndex(cs, y, i)] != 0 ? a[Broadcasting.SourceIndex(as_, y, i)] : b[Broadcasting.SourceIndex(bs, y, i)];
                        if (expected != result[i])
                            Assert.Fail($"where({cs}, {as_}, {bs}) ({loop.Path}): element {i} is {result[i]:R}, expected {expected:R}");
                    }
                }
        Assert.Equal(Enum.GetValues<WherePath>(), taken.Order());
    }

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
