using Dual.Track.Tests.WrongSolutions.Activations;

namespace Dual.Track.Tests.Projects;

public class ActivationsGraderTests
{
    private static readonly TrackProject Project = TrackCatalog.Find("activations")!;

    private static CheckResult Check(IActivations solution, string name) => Assert.Single(Project.Check(solution), c => c.Name == name);

    [Fact]
    public void Reference_solution_passes_every_check()
    {
        var result = Project.Grade(new global::Track.Activations());
        Assert.All(result.Checks, c => Assert.True(c.Status == CheckStatus.Passed, $"{c.Name}: {c.Message} {c.Input} {c.Where} {c.Expected} {c.Got} {c.Hint}"));
        Assert.Equal(
            ["sigmoid derivative", "tanh derivative", "relu derivative", "gelu derivative", "gradient norms", "vanishing gradients (10 layers)"],
            result.Checks.Select(c => c.Name));
        Assert.Equal(ProjectStatus.Passed, result.Status);
    }

    [Fact]
    public void The_vanishing_gradients_check_carries_the_chapter_figure_sigmoid_vanishing_and_relu_not()
    {
        var figure = Check(new global::Track.Activations(), "vanishing gradients (10 layers)").Figure;
        Assert.NotNull(figure);
        Assert.Equal(FigureKind.Lines, figure.Kind);
        Assert.True(figure.LogY);
        Assert.Equal(["sigmoid", "tanh", "relu", "gelu"], figure.Series!.Select(s => s.Name));
        Assert.All(figure.Series!, s => Assert.Equal(10, s.Values.Count));
        // Measured with Dual's reverse mode: the first layer's gradient is ~3e-6 of the last's with sigmoid, ~5e-2 with ReLU.
        var ratio = figure.Series!.ToDictionary(s => s.Name, s => s.Values[0] / s.Values[^1]);
        Assert.InRange(ratio["sigmoid"], 0, 1e-4);
        Assert.InRange(ratio["relu"], 1e-2, 1);
    }

    [Fact]
    public void A_sigmoid_derivative_of_z_instead_of_s_is_named_with_finite_differences_behind_the_expected_value()
    {
        var check = Check(new SigmoidDerivativeOfZ(), "sigmoid derivative");
        Assert.Equal(CheckStatus.Failed, check.Status);
        Assert.Equal("you used z where the formula has s: sigmoid′(z) = s(1 − s) with s = sigmoid(z)", check.Hint);
        Assert.Matches(@"^z=-?\d(\.\d+)?$", check.Input);
        Assert.Contains("finite differences", check.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Project_4s_one_minus_h_squared_applied_to_z_is_named_and_also_spoils_the_tanh_norms()
    {
        var result = Project.Grade(new TanhDerivativeOfZ());
        var tanh = Assert.Single(result.Checks, c => c.Name == "tanh derivative");
        Assert.StartsWith("you used z where the formula has tanh(z)", tanh.Hint, StringComparison.Ordinal);
        var norms = Assert.Single(result.Checks, c => c.Name == "gradient norms");
        Assert.Equal(CheckStatus.Failed, norms.Status);
        Assert.StartsWith("activation=tanh, ", norms.Input, StringComparison.Ordinal);
        Assert.Equal("your tanh derivative is wrong (its check above says how), and the norms multiply by it between layers", norms.Hint);
        Assert.Equal(CheckStatus.Passed, Assert.Single(result.Checks, c => c.Name == "sigmoid derivative").Status);
    }

    [Fact]
    public void Relu_one_at_the_kink_shrinks_to_z_zero_and_names_the_convention()
    {
        var check = Check(new ReluOneAtZero(), "relu derivative");
        Assert.Equal(CheckStatus.Failed, check.Status);
        Assert.Equal("z=0", check.Input);
        Assert.Equal("relu derivative at z = 0 is wrong: expected 0, got 1", check.Message);
        Assert.Equal("at the kink z = 0 this track, like Dual, takes the derivative as 0: test z > 0, not z >= 0", check.Hint);
        // No finite differences at the kink (they would straddle it and give 0.5).
        Assert.DoesNotContain("finite differences", check.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Gelu_mistakes_are_named_the_missing_inner_derivative_and_the_exact_erf_form()
    {
        var inner = Check(new GeluWithoutInnerDerivative(), "gelu derivative");
        Assert.StartsWith("the chain rule inside tanh is missing", inner.Hint, StringComparison.Ordinal);
        var exact = Check(new ExactGelu(), "gelu derivative");
        Assert.Equal(CheckStatus.Failed, exact.Status);
        Assert.StartsWith("that is the derivative of the exact GELU", exact.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Norms_in_backprop_order_or_without_the_root_are_named_and_the_derivatives_still_pass()
    {
        var reversed = Project.Grade(new NormsLastLayerFirst());
        Assert.All(reversed.Checks.Take(4), c => Assert.Equal(CheckStatus.Passed, c.Status));
        var norms = Assert.Single(reversed.Checks, c => c.Name == "gradient norms");
        Assert.Equal("the norms are in reverse order: backprop reaches the last layer first, but return them first layer first", norms.Hint);
        var deep = Assert.Single(reversed.Checks, c => c.Name == "vanishing gradients (10 layers)");
        Assert.Equal(CheckStatus.Failed, deep.Status);
        Assert.Null(deep.Figure);
        Assert.StartsWith("the norms are in reverse order", deep.Hint, StringComparison.Ordinal);

        var squared = Check(new NormsNotRooted(), "gradient norms");
        Assert.Equal("that is the sum of squares: the norm is its square root, √(Σ dW²)", squared.Hint);
        Assert.Matches(@"^‖dW‖ of layer \d in the \w+ net is wrong: expected ", squared.Message);
    }
}
