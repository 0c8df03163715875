namespace Dual.Tests.Ops;

/// <summary>|x| at its kink: both modes take the subgradient 0 the rule promises (sign 0 = 0), not ±∞ or NaN.</summary>
public class AbsTests
{
    [Fact]
    public void The_derivative_at_zero_is_zero_in_both_modes_and_sign_x_elsewhere()
    {
        var x = Expr.Variable("x", [3]);
        var at = Env.Of(("x", Tensor.Vector(-2, 0, 3)));
        var (_, gradient) = Grad.ValueAndGrad(x.Abs().Sum(), at);
        Assert.Equal([-1.0, 0.0, 1.0], gradient["x"].ToArray());
        var (_, tangent) = Grad.Jvp(x.Abs(), at, Env.Of(("x", Tensor.Vector(5, 7, 11))));
        Assert.Equal([-5.0, 0.0, 11.0], tangent.ToArray());
    }
}
