using Dual.Tests.Ops;

namespace Dual.Tests.Checking;

/// <summary>
/// GradCheck's verdicts on their boundaries (docs of <see cref="GradCheckOptions"/>), read off primitives made to
/// measure (<see cref="UserPrimitives.Linear"/>): each check sees exactly the slopes it compares, so a tolerance that
/// is exclusive where it is documented inclusive, or scaled the wrong way, changes a verdict here.
/// </summary>
public class GradCheckBoundaryTests
{
    private static readonly Expr X = Expr.Variable("x", [3]);
    private static readonly Env At = Env.Of(("x", Tensor.Vector(0.3, -1.2, 0.7)));

    private static GradCheckReport Check(OpDef op, Env? at = null, GradCheckOptions? options = null) =>
        GradCheck.Run(op.Apply(X).Sum(), at ?? At, options);

    [Fact]
    public void An_error_of_exactly_the_absolute_tolerance_passes_and_one_just_above_fails()
    {
        // Finite differences of y = 0·x read exactly 0, so the error is the VJP's slope itself.
        Assert.True(Check(UserPrimitives.Linear(0, 1e-5, 1e-5)).Variables.Single().Passed);
        var above = Math.BitIncrement(1e-5);
        Assert.False(Check(UserPrimitives.Linear(0, above, above)).Variables.Single().Passed);
    }

    [Theory]
    [InlineData(1000.5, true)] // within 1e-5 + 1e-3·1000
    [InlineData(1001.5, false)]
    public void The_relative_tolerance_grows_with_the_numeric_derivative(double vjp, bool passes) =>
        Assert.Equal(passes, Check(UserPrimitives.Linear(1000, vjp, vjp)).Variables.Single().Passed);

    [Fact]
    public void Elements_equally_wrong_are_reported_at_the_first()
    {
        var check = Check(UserPrimitives.Linear(0, 1, 1)).Variables.Single();
        Assert.False(check.Passed);
        Assert.Equal(0, check.WorstIndex);
        var zero = GradCheck.Run((X * 2.0).Sum(), At, GradCheckOptions.Default with { ExpectZeroGradient = true }).Variables.Single();
        Assert.Equal(0, zero.WorstIndex);
        Assert.Equal("x[3] element 0: analytic 2 numeric 0 abs err 2.00E+000 rel err 2.00E+000 FAILED", zero.ToString());
    }

    [Fact]
    public void The_reported_errors_are_the_absolute_and_the_relative_difference()
    {
        // Slope 2 seen by finite differences, 2.5 by the VJP: |2.5 − 2| = 0.5 absolute, 0.5 / 2 = 0.25 relative.
        var check = Check(UserPrimitives.Linear(2, 2.5, 2.5)).Variables.Single();
        Assert.False(check.Passed);
        Assert.Equal(0.5, check.MaxAbsError, 1e-8);
        Assert.Equal(0.25, check.MaxRelError, 1e-8);
    }

    [Fact]
    public void A_not_a_number_is_the_worst_error_and_an_infinite_one()
    {
        // d/dx (√x·0) at x = 0 is 0·∞ = NaN, and so is its central difference (√ of a negative step); elsewhere it is 0.
        var f = (X.Sqrt() * Expr.Constant(Tensor.Zeros([3]))).Sum();
        var check = GradCheck.Run(f, Env.Of(("x", Tensor.Vector(1.0, 0.0, 4.0)))).Variables.Single();
        Assert.False(check.Passed);
        Assert.Equal(1, check.WorstIndex);
        Assert.Equal(double.PositiveInfinity, check.MaxAbsError);
        Assert.Equal(double.PositiveInfinity, check.MaxRelError);
    }

    [Fact]
    public void Forward_and_reverse_agreeing_on_an_infinite_derivative_agree()
    {
        // √x at 0: both modes give ±∞ along the same direction. Finite differences are what must fail here.
        var v = Expr.Variable("v", []);
        var report = GradCheck.Run(v.Sqrt(), Env.Of(("v", Tensor.Scalar(0.0))));
        Assert.True(report.ForwardReversePassed, report.ToString());
        Assert.Equal(0.0, report.ForwardReverseError);
        Assert.False(report.Passed);
    }

    [Theory]
    // VJP and JVP slopes: forward and reverse differ by |jvp − vjp| along a direction ±1 of a scalar; within 1e-13
    // they agree whatever their ratio, beyond it they must agree to 1e-9 relative.
    [InlineData(0.0, 1e-13, true)]
    [InlineData(0.0, 1.0000000000000002e-13, false)]
    [InlineData(5e-14, 1e-13, true)]
    [InlineData(1.0, 1.0 + 5e-10, true)]
    [InlineData(1.0, 1.0 + 1e-8, false)]
    public void Forward_and_reverse_agree_within_1e_13_absolute_or_the_relative_tolerance(double vjp, double jvp, bool agree)
    {
        var v = Expr.Variable("v", []);
        var report = GradCheck.Run(UserPrimitives.Linear(vjp, vjp, jvp).Apply(v), Env.Of(("v", Tensor.Scalar(0.5))));
        Assert.Equal(agree, report.ForwardReversePassed);
    }

    [Theory]
    [InlineData(1.0, 2.0)]
    [InlineData(2.0, 1.0)]
    [InlineData(-1.0, 2.0)]
    public void The_forward_reverse_error_is_relative_to_the_larger_of_the_two(double vjp, double jvp)
    {
        // Along a direction ±1 of a scalar, forward and reverse are jvp·d·u and vjp·u·d: slopes a power of two apart give
        // them exactly, so the error is |jvp − vjp| / max(|jvp|, |vjp|) to the bit (1/2, or 3/2 of opposite signs).
        var v = Expr.Variable("v", []);
        var report = GradCheck.Run(UserPrimitives.Linear(vjp, vjp, jvp).Apply(v), Env.Of(("v", Tensor.Scalar(0.5))));
        Assert.False(report.ForwardReversePassed);
        Assert.Equal(Math.Abs(jvp - vjp) / Math.Max(Math.Abs(jvp), Math.Abs(vjp)), report.ForwardReverseError);
    }

    [Fact]
    public void Large_values_are_stepped_in_proportion_to_their_size()
    {
        // A step of 1e-6 would vanish in the rounding of 3e7; 1e-6·|x| does not, and x² has exact central differences.
        var small = GradCheck.Run((X * X).Sum(), Env.Of(("x", Tensor.Vector(3e7, -2e7, 1e7))));
        Assert.True(small.Variables.Single().Passed, small.ToString());
        // The same along random directions, scaled by the largest element (the zero one must not set the step).
        var big = Expr.Variable("big", [100]);
        var at = Env.Of(("big", Tensor.Generate([100], i => i == 0 ? 0 : 1e8 * Math.Sin(i))));
        var report = GradCheck.Run((big * big).Sum(), at);
        Assert.False(report.Variables.Single().PerElement);
        Assert.True(report.Variables.Single().Passed, report.ToString());
    }

    [Fact]
    public void A_large_variable_is_checked_along_exactly_the_directions_asked_for()
    {
        var big = Expr.Variable("big", [20, 10]);
        var at = Env.Of(("big", Tensor.RandomNormal([20, 10], seed: 3)));
        for (var seed = 0; seed < 6; seed++)
        {
            var wrong = GradCheck.Run((big * big.StopGradient()).Sum(), at, GradCheckOptions.Default with { Directions = 1, Seed = seed });
            Assert.Equal(0, wrong.Variables.Single().WorstIndex);
        }
    }

    [Fact]
    public void A_variable_with_no_elements_passes_with_nothing_to_report()
    {
        var empty = Expr.Variable("e", [0]);
        var f = empty.Sum() + X.Sum();
        var at = At.With("e", Tensor.Zeros([0]));
        var report = GradCheck.Run(f, at);
        Assert.True(report.Passed, report.ToString());
        Assert.Equal("e[0] element 0: analytic 0 numeric 0 abs err 0.00E+000 rel err 0.00E+000 ok", report.Variables.Single(v => v.Name == "e").ToString());
        var zero = GradCheck.Run(f.StopGradient(), at, GradCheckOptions.Default with { ExpectZeroGradient = true });
        Assert.True(zero.Passed, zero.ToString());
        Assert.Equal("e[0] element 0: analytic 0 numeric 0 abs err 0.00E+000 rel err 0.00E+000 ok", zero.Variables.Single(v => v.Name == "e").ToString());
    }

    [Fact]
    public void Taylor_steps_move_no_element_by_more_than_the_step()
    {
        // For Σx² the remainder is exactly h²·|v|²: at least h² (the largest entry of v is ±1), at most h²·n.
        var taylor = GradCheck.Run((X * X).Sum(), At).Taylor!;
        var h = taylor.Steps[0];
        Assert.InRange(taylor.Remainders[0], h * h * (1 - 1e-9), 3 * h * h * (1 + 1e-9));
    }

    [Fact]
    public void A_remainder_at_the_noise_level_is_read_as_noise()
    {
        // f = 0·x + 1e-11·[x ≠ 0] at x = 0: every remainder is exactly the noise level 1e-11·max(1, |f|), and no derivative is wrong.
        var v = Expr.Variable("v", []);
        var f = v * 0.0 + v.Abs().Greater(0.0) * 1e-11;
        var taylor = GradCheck.Run(f, Env.Of(("v", Tensor.Scalar(0.0)))).Taylor!;
        Assert.All(taylor.Remainders, r => Assert.Equal(1e-11, r));
        Assert.Empty(taylor.Ratios);
        Assert.True(taylor.Passed);
    }

    [Fact]
    public void A_last_ratio_of_exactly_three_passes()
    {
        // The verdict's threshold lies between a wrong gradient's 2 and a right one's 4; 3 itself counts as right.
        var v = Expr.Variable("v", []);
        var taylor = GradCheck.Run(UserPrimitives.TaylorRatioThree.Apply(v), Env.Of(("v", Tensor.Scalar(0.0)))).Taylor!;
        Assert.Equal(Enumerable.Repeat(3.0, 7), taylor.Ratios);
        Assert.True(taylor.Passed);
    }

    [Fact]
    public void A_non_scalar_output_is_checked_through_a_random_cotangent_not_a_sum()
    {
        // Summing the outputs (a cotangent of ones) would hide a VJP that puts dy's elements in the wrong places.
        var report = GradCheck.Run(UserPrimitives.ReverseForgotToReverseDy.Apply(X), At);
        Assert.False(report.Variables.Single().Passed, report.ToString());
    }
}
