namespace Dual.Models.Tests;

/// <summary>The causality check shared by the attention and GPT tests.</summary>
internal static class Causality
{
    /// <summary>
    /// dx for a cotangent that is non-zero (random) at sequence position <paramref name="t"/> of every batch row and zero
    /// elsewhere: the gradient of output position t with respect to the input <paramref name="x"/> of shape <c>[B, T, C]</c>.
    /// </summary>
    public static Tensor CotangentAt(Expr y, Expr x, int t, Env env)
    {
        var (batch, length, width) = (y.Shape[0], y.Shape[1], y.Shape[2]);
        var noise = Checks.Uniform(y.Shape, 31, 0.5, 1.5);
        var u = Tensor.Generate(y.Shape, i => (i / width) % length == t ? noise.Span[i] : 0.0);
        Assert.Equal(batch * width, u.ToArray().Count(v => v != 0));
        return Grad.Vjp(y, Expr.Constant(u), x)[0].Evaluate(env);
    }

    /// <summary>Every input row after position t has gradient exactly 0.0; row t itself does not (so the test can fail).</summary>
    public static void AssertLaterRowsAreExactlyZero(Tensor dx, int t)
    {
        var (batch, length, width) = (dx.Shape[0], dx.Shape[1], dx.Shape[2]);
        for (var b = 0; b < batch; b++)
        {
            for (var later = t + 1; later < length; later++)
                for (var c = 0; c < width; c++)
                    Assert.True(dx[b, later, c] == 0.0, $"d output[{b}, {t}] / d x[{b}, {later}, {c}] = {dx[b, later, c]:R}, not exactly 0");
            Assert.Contains(Enumerable.Range(0, width), c => dx[b, t, c] != 0.0);
        }
    }
}
