using Dual.Track.Tests.WrongSolutions.Neuron;

namespace Dual.Track.Tests.Projects;

public class NeuronGraderTests
{
    private static readonly TrackProject Project = TrackCatalog.Find("neuron")!;

    private static CheckResult Check(INeuron neuron, string name) => Assert.Single(Project.Check(neuron), c => c.Name == name);

    [Fact]
    public void Reference_solution_passes_every_check()
    {
        var result = Project.Grade(new global::Track.Neuron());
        Assert.All(result.Checks, c => Assert.True(c.Status == CheckStatus.Passed, $"{c.Name}: {c.Message} {c.Input} {c.Hint}"));
        Assert.Equal(ProjectStatus.Passed, result.Status);
        Assert.Equal(6, result.Checks.Count);
    }

    [Fact]
    public void The_sigmoid_instead_of_its_derivative_is_reported_as_the_sigmoids_derivative()
    {
        var result = Project.Grade(new SigmoidItself());
        Assert.Equal(ProjectStatus.Failed, result.Status);
        var daDz = Check(new SigmoidItself(), "da_dz");
        Assert.Equal(CheckStatus.Failed, daDz.Status);
        Assert.StartsWith("da_dz (the sigmoid's derivative) is wrong", daDz.Message, StringComparison.Ordinal);
        Assert.Equal("that is the sigmoid itself; its derivative is a(1 - a)", daDz.Hint);
        // Shrunk to the simplest z: 0, where a = 0.5 and a(1 - a) = 0.25.
        Assert.Equal("z=0, a=sigmoid(z)=0.5", daDz.Input);
        Assert.Equal("0.5", daDz.Got);
        Assert.StartsWith("0.25 (Dual reverse mode", daDz.Expected, StringComparison.Ordinal);
        // The other factors are right, and the gradient's failure points back at the factor.
        Assert.Equal(CheckStatus.Passed, Check(new SigmoidItself(), "dloss_da").Status);
        var gradW = Check(new SigmoidItself(), "grad_w");
        Assert.Equal("da_dz (the sigmoid's derivative)", gradW.Where);
        Assert.Equal("you multiplied by a where the sigmoid's derivative is a(1 - a)", gradW.Hint);
    }

    [Fact]
    public void A_flipped_loss_sign_is_named()
    {
        var check = Check(new FlippedLossSign(), "dloss_da");
        Assert.Equal(CheckStatus.Failed, check.Status);
        Assert.Equal("dloss_da (the loss's derivative)", check.Where);
        Assert.Equal("the sign is flipped: d/da (a - y)^2 = 2(a - y), not 2(y - a)", check.Hint);
    }

    [Fact]
    public void A_gradient_missing_the_sigmoid_factor_names_that_factor()
    {
        var grader = Project.Grade(new MissingSigmoidFactor());
        Assert.Equal(CheckStatus.Passed, Assert.Single(grader.Checks, c => c.Name == "da_dz").Status);
        var gradW = Assert.Single(grader.Checks, c => c.Name == "grad_w");
        Assert.Equal(CheckStatus.Failed, gradW.Status);
        Assert.EndsWith("the factor that is off: da_dz (the sigmoid's derivative)", gradW.Message, StringComparison.Ordinal);
        Assert.Equal("the factor da_dz = a(1 - a) is missing: grad_w = dloss_da * da_dz * dz_dw", gradW.Hint);
        var gradB = Assert.Single(grader.Checks, c => c.Name == "grad_b");
        Assert.Equal("the factor da_dz = a(1 - a) is missing: grad_b = dloss_da * da_dz * dz_db", gradB.Hint);
    }

    [Fact]
    public void An_overflowing_sigmoid_derivative_fails_only_when_saturated_and_is_shrunk_to_the_edge()
    {
        Assert.Equal(CheckStatus.Passed, Check(new ExpOverflow(), "da_dz").Status);
        var saturated = Check(new ExpOverflow(), "da_dz (saturated, |z| >= 30)");
        Assert.Equal(CheckStatus.Failed, saturated.Status);
        Assert.Equal("NaN", saturated.Got);
        Assert.StartsWith("z=-710,", saturated.Input, StringComparison.Ordinal);
        Assert.Contains("exp(-z) overflows", saturated.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bias_gradient_times_x_and_a_weight_derivative_of_w_are_named()
    {
        var gradB = Check(new BiasTimesX(), "grad_b");
        Assert.Equal("dz_db (the bias's derivative)", gradB.Where);
        Assert.Equal("for the bias the last factor is dz_db = 1, not x", gradB.Hint);

        var dzDw = Check(new WeightNotInput(), "dz_dw");
        Assert.Equal("dz/dw is the number w is multiplied by, x, not w itself", dzDw.Hint);
        // Shrinking finds the simplest case where w and x differ.
        Assert.Equal("w=0, x=0.01, b=0", dzDw.Input);
    }

    [Fact]
    public void Todos_are_todo_and_not_failures()
    {
        var result = Project.Grade(new Unwritten());
        Assert.Equal(ProjectStatus.Todo, result.Status);
        var gradW = Assert.Single(result.Checks, c => c.Name == "grad_w");
        Assert.Equal(CheckStatus.Todo, gradW.Status);
        Assert.Equal("GradW is not written yet", gradW.Message);
    }

    [Fact]
    public void An_exception_is_a_failure_shrunk_to_the_simplest_throwing_case()
    {
        var check = Check(new Throws(), "dz_dw");
        Assert.Equal(CheckStatus.Failed, check.Status);
        Assert.StartsWith("dz_dw threw InvalidOperationException: negative x", check.Message, StringComparison.Ordinal);
        Assert.Contains("Throws.DzDw", check.Message, StringComparison.Ordinal);
        Assert.Equal("w=0, x=-0.01, b=0", check.Input);
    }

    [Fact]
    public void Grading_is_reproducible()
    {
        var first = Project.Grade(new SigmoidItself());
        var second = Project.Grade(new SigmoidItself());
        Assert.Equal(first.Checks, second.Checks);
    }
}
