using Dual.Track.Tests.WrongSolutions.Optimizers;

namespace Dual.Track.Tests.Projects;

public class OptimizersGraderTests
{
    private static readonly TrackProject Project = TrackCatalog.Find("optimizers")!;

    private static CheckResult Check(IOptimizers solution, string name) => Assert.Single(Project.Check(solution), c => c.Name == name);

    [Fact]
    public void Reference_solution_passes_every_check()
    {
        var result = Project.Grade(new global::Track.Optimizers());
        Assert.All(result.Checks, c => Assert.True(c.Status == CheckStatus.Passed, $"{c.Name}: {c.Message} {c.Input} {c.Where} {c.Expected} {c.Got} {c.Hint}"));
        Assert.Equal(
            ["momentum step", "adam step", "momentum, constant gradient", "adam first step", "adam, constant gradient", "loss curves on a valley"],
            result.Checks.Select(c => c.Name));
    }

    [Fact]
    public void The_graders_loops_agree_with_dual_models_adam_and_momentum()
    {
        // The grader's expected values come from its own arithmetic; Dual.Models' optimizers are a second, independent source.
        var adam = new Dual.Models.Adam(0.1);
        var momentum = new Dual.Models.Sgd(0.3 * (1 - 0.9), momentum: 0.9);
        var start = Params.Of([new("p", Tensor.FromArray(Shape.Of(2), [-4.0, 1]))]);
        var (pa, sa) = (start, adam.Init(start));
        var (pm, sm) = (start, momentum.Init(start));
        var ours = (Adam: Dual.Track.Projects.OptimizerSequences.ValleyLosses(2), Momentum: Dual.Track.Projects.OptimizerSequences.ValleyLosses(1));
        for (var k = 0; k < 20; k++)
        {
            Assert.Equal(ours.Adam[k], Valley(pa), 1e-9);
            Assert.Equal(ours.Momentum[k], Valley(pm), 1e-9);
            (pa, sa) = adam.Update(pa, Gradient(pa), sa);
            (pm, sm) = momentum.Update(pm, Gradient(pm), sm);
        }

        static double Valley(Params p) => 0.5 * (p["p"][0] * p["p"][0] + 100 * p["p"][1] * p["p"][1]);
        static Params Gradient(Params p) => Params.Of([new("p", Tensor.FromArray(Shape.Of(2), [p["p"][0], 100 * p["p"][1]]))]);
    }

    [Fact]
    public void The_valley_check_carries_loss_curves_of_gradient_descent_momentum_and_adam()
    {
        var valley = Check(new global::Track.Optimizers(), "loss curves on a valley");
        var figure = valley.Figure;
        Assert.NotNull(figure);
        Assert.Equal(FigureKind.Lines, figure.Kind);
        Assert.True(figure.LogY);
        Assert.Equal(3, figure.Series!.Count);
        Assert.All(figure.Series!, s => Assert.Equal(100, s.Values.Count));
        Assert.StartsWith("gradient descent", figure.Series![0].Name, StringComparison.Ordinal);
        // Measured: after 100 steps on the narrow valley gradient descent is at 0.22, momentum at 0.0018, Adam at 0.0005.
        var last = figure.Series!.Select(s => s.Values[^1]).ToArray();
        Assert.True(last[1] < last[0] / 50 && last[2] < last[0] / 50, string.Join(", ", last));
    }

    [Fact]
    public void Momentum_without_one_minus_beta_is_named_in_the_step_and_in_the_constant_gradient_sequence()
    {
        var result = Project.Grade(new MomentumWithoutOneMinusBeta());
        var step = Assert.Single(result.Checks, c => c.Name == "momentum step");
        Assert.Equal(CheckStatus.Failed, step.Status);
        Assert.Equal("Velocity[0]", step.Where);
        Assert.StartsWith("(1 − β) is missing: this project's momentum averages the gradient", step.Hint, StringComparison.Ordinal);
        var sequence = Assert.Single(result.Checks, c => c.Name == "momentum, constant gradient");
        Assert.StartsWith("(1 − β) is missing", sequence.Hint, StringComparison.Ordinal);
        Assert.Contains("steps=1,", sequence.Input, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Passed, Assert.Single(result.Checks, c => c.Name == "adam step").Status);
    }

    [Fact]
    public void Writing_over_the_given_state_fails_although_the_numbers_are_right()
    {
        var step = Check(new MomentumMutatesState(), "momentum step");
        Assert.Equal(CheckStatus.Failed, step.Status);
        Assert.Equal("MomentumStep returned the given Parameters array instead of a new one", step.Message);
        Assert.StartsWith("MomentumStep must be pure", step.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Adam_moments_updated_in_the_given_arrays_fail_although_every_sequence_is_right()
    {
        var result = Project.Grade(new AdamMomentsInPlace());
        var step = Assert.Single(result.Checks, c => c.Name == "adam step");
        Assert.Equal("AdamStep returned the given M array instead of a new one", step.Message);
        Assert.Equal("M", step.Where);
        Assert.StartsWith("AdamStep must be pure", step.Hint, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Passed, Assert.Single(result.Checks, c => c.Name == "adam, constant gradient").Status);
    }

    [Fact]
    public void A_forgotten_bias_correction_is_named_three_ways_and_the_first_step_is_not_lr()
    {
        var result = Project.Grade(new AdamWithoutBiasCorrection());
        var step = Assert.Single(result.Checks, c => c.Name == "adam step");
        Assert.Equal("Parameters[0]", step.Where);
        Assert.StartsWith("the bias correction is missing: m̂ = m/(1 − β₁ᵗ)", step.Hint, StringComparison.Ordinal);
        var first = Assert.Single(result.Checks, c => c.Name == "adam first step");
        Assert.Equal(CheckStatus.Failed, first.Status);
        Assert.StartsWith("Adam's first step moved coordinate 0 by ", first.Message, StringComparison.Ordinal);
        Assert.StartsWith("the bias correction is missing: without it the first step is lr·(1 − β₁)/√(1 − β₂)", first.Hint, StringComparison.Ordinal);
        var sequence = Assert.Single(result.Checks, c => c.Name == "adam, constant gradient");
        Assert.StartsWith("the bias correction is missing: with it, a constant gradient gives m̂ = g", sequence.Hint, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Passed, Assert.Single(result.Checks, c => c.Name == "momentum step").Status);
    }

    [Fact]
    public void An_unsquared_gradient_in_v_is_named_at_v()
    {
        var step = Check(new AdamGradientNotSquared(), "adam step");
        Assert.Equal("V[0]", step.Where);
        Assert.Equal("the gradient is not squared: v = β₂v + (1 − β₂)g²", step.Hint);
    }

    [Fact]
    public void A_flipped_sign_is_named_in_the_step_and_the_first_step()
    {
        var result = Project.Grade(new AdamSignFlipped());
        Assert.Equal("the sign is flipped: p = p − lr·m̂/(√v̂ + ε)", Assert.Single(result.Checks, c => c.Name == "adam step").Hint);
        Assert.Equal("the step goes with the gradient: p = p − lr·m̂/(√v̂ + ε)", Assert.Single(result.Checks, c => c.Name == "adam first step").Hint);
    }

    [Fact]
    public void An_uncounted_step_and_epsilon_under_the_root_are_named()
    {
        var uncounted = Project.Grade(new AdamStepNotCounted());
        var step = Assert.Single(uncounted.Checks, c => c.Name == "adam step");
        Assert.Equal("the new Step is 0; expected 1", step.Message);
        Assert.StartsWith("count the update", step.Hint, StringComparison.Ordinal);
        // One update from a zero state is right; the second is corrected as if it were the first.
        Assert.Equal(CheckStatus.Passed, Assert.Single(uncounted.Checks, c => c.Name == "adam first step").Status);
        Assert.Equal(CheckStatus.Failed, Assert.Single(uncounted.Checks, c => c.Name == "adam, constant gradient").Status);

        var inside = Check(new AdamEpsilonInsideRoot(), "adam step");
        Assert.Equal("ε goes outside the square root: m̂/(√v̂ + ε), not m̂/√(v̂ + ε)", inside.Hint);
    }
}
