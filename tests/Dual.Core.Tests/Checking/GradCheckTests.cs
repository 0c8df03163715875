namespace Dual.Tests.Checking;

/// <summary>GradCheck passes right gradients and catches, localises and reports wrong ones.</summary>
public class GradCheckTests
{
    private static readonly Expr X = Expr.Variable("x", [3]);
    private static readonly Expr W = Expr.Variable("w", [2, 3]);

    private static Env Point() => Env.Of(("x", Tensor.Vector(0.3, -1.2, 0.7)), ("w", Tensor.FromRows([0.5, -0.4, 1.1], [0.2, 0.9, -0.6])));

    [Fact]
    public void A_correct_gradient_passes_every_check()
    {
        var f = W.MatMul(X).Tanh().Sum() * X.Exp().Sum();
        var report = GradCheck.Run(f, Point());
        Assert.True(report.Passed, report.ToString());
        Assert.Equal(["w", "x"], report.Variables.Select(v => v.Name).Order());
        Assert.All(report.Variables, v => Assert.True(v.PerElement));
        Assert.NotNull(report.Taylor);
        Assert.NotEmpty(report.Taylor!.Ratios);
    }

    [Fact]
    public void A_wrong_gradient_fails_and_is_localised_to_its_variable()
    {
        // x·stop(x) has derivative 2x, but reverse mode (rightly, by stop-gradient's definition) gives x:
        // to finite differences that is a wrong gradient, and the check must say so.
        var f = (W.MatMul(X).Sum() + (X * X.StopGradient()).Sum());
        var report = GradCheck.Run(f, Point());
        Assert.False(report.Passed);
        var x = report.Variables.Single(v => v.Name == "x");
        var w = report.Variables.Single(v => v.Name == "w");
        Assert.False(x.Passed);
        Assert.True(w.Passed, w.ToString());
        // Analytic and numeric differ by exactly x there, so the worst element is the largest |x|: -1.2 at index 1.
        Assert.Equal(1, x.WorstIndex);
        Assert.Equal(-1.2, x.Numeric - x.Analytic, 1e-6);
        Assert.False(report.Taylor!.Passed, report.Taylor.ToString());
        Assert.Contains("FAILED", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Assert_throws_with_the_report()
    {
        var f = (X * X.StopGradient()).Sum();
        var e = Assert.Throws<GradCheckException>(() => GradCheck.Assert(f, Point()));
        Assert.NotNull(e.Report);
        Assert.Contains("x[3]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Large_variables_are_checked_along_random_directions()
    {
        var big = Expr.Variable("big", [20, 10]);
        var f = big.Tanh().Square().Sum();
        var at = Env.Of(("big", Tensor.RandomNormal([20, 10], seed: 3)));
        var report = GradCheck.Run(f, at);
        Assert.True(report.Passed, report.ToString());
        Assert.False(report.Variables.Single().PerElement);

        // The variable's own check must fail, not only the Taylor test.
        var wrong = GradCheck.Run((big * big.StopGradient()).Sum(), at).Variables.Single();
        Assert.False(wrong.Passed, wrong.ToString());
        Assert.False(wrong.PerElement);
        Assert.InRange(wrong.WorstIndex, 0, GradCheckOptions.Default.Directions - 1);
    }

    [Theory]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public void Variables_up_to_the_per_element_limit_are_checked_element_by_element(int size, bool perElement)
    {
        var v = Expr.Variable("v", [size]);
        var report = GradCheck.Run(v.Tanh().Sum(), Env.Of(("v", Tensor.Generate([size], i => 0.1 * i))));
        Assert.Equal(perElement, report.Variables.Single().PerElement);
    }

    [Fact]
    public void Expecting_a_zero_gradient_fails_on_the_largest_nonzero_element_and_passes_on_zeros()
    {
        var zero = GradCheckOptions.Default with { ExpectZeroGradient = true };
        var wrong = GradCheck.Run((X * X).Sum(), Point(), zero).Variables.Single();
        Assert.False(wrong.Passed);
        Assert.Equal(1, wrong.WorstIndex); // 2x is largest in size at x = −1.2
        Assert.Equal(-2.4, wrong.Analytic, 12);
        Assert.Equal(2.4, wrong.MaxAbsError, 12);
        var right = GradCheck.Run((X * X).StopGradient().Sum(), Point(), zero).Variables.Single();
        Assert.True(right.Passed);
        Assert.Equal(0.0, right.MaxAbsError);
    }

    [Fact]
    public void Forward_and_reverse_that_differ_by_rounding_pass_however_large_the_function()
    {
        // At this scale the two modes' sums round differently by far more than 1e-13 in absolute terms; the verdict
        // is relative (within ForwardReverseTolerance) or absolute (1e-13), either suffices.
        var big = Expr.Variable("big", [20, 10]);
        var f = (big.Tanh() * big).Sum() * 1e9;
        var at = Env.Of(("big", Tensor.RandomNormal([20, 10], seed: 5)));
        var report = GradCheck.Run(f, at, GradCheckOptions.Default with { Taylor = false });
        Assert.True(report.ForwardReverseError > 0, "the two modes agree to the bit here: the test needs a point where they round apart");
        Assert.True(report.ForwardReversePassed, report.ToString());
        var strict = GradCheck.Run(f, at, GradCheckOptions.Default with { Taylor = false, ForwardReverseTolerance = 0 });
        Assert.False(strict.ForwardReversePassed);
        // The tolerance is inclusive: an error of exactly the tolerance passes.
        var exact = GradCheck.Run(f, at, GradCheckOptions.Default with { Taylor = false, ForwardReverseTolerance = report.ForwardReverseError });
        Assert.True(exact.ForwardReversePassed);
    }

    [Fact]
    public void A_linear_function_leaves_only_rounding_in_the_taylor_test_however_large_its_value()
    {
        // Rounding in f(x + hv) − f(x) grows with |f|; below the noise level no ratio is read, so the test passes.
        var f = (X * 3.0 + W.Sum()).Sum() * 1e7 + 1e9;
        var taylor = GradCheck.Run(f, Point()).Taylor!;
        Assert.Empty(taylor.Ratios);
        Assert.True(taylor.Passed);
        Assert.Equal("taylor: remainder at rounding level (linear along v) ok", taylor.ToString());
    }

    [Fact]
    public void Non_scalar_outputs_are_checked_through_a_random_cotangent()
    {
        var f = W.MatMul(X).Sigmoid();
        Assert.True(GradCheck.Run(f, Point()).Passed);
    }

    [Fact]
    public void Tolerances_follow_the_documented_formula()
    {
        Assert.Equal(1e-5, GradCheckOptions.Default.AbsoluteTolerance);
        Assert.Equal(1e-3, GradCheckOptions.Default.RelativeTolerance);
        // With absurdly tight tolerances even a right gradient fails finite differences (their own error is ~1e-10).
        var f = X.Exp().Sum() * 1e3;
        var tight = GradCheckOptions.Default with { AbsoluteTolerance = 0, RelativeTolerance = 1e-15 };
        Assert.False(GradCheck.Run(f, Point(), tight).Variables.Single().Passed);
    }
}
