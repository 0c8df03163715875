using Dual.Track.Tests.WrongSolutions.GradientDescent;

namespace Dual.Track.Tests.Projects;

public class GradientDescentGraderTests
{
    private static readonly TrackProject Project = TrackCatalog.Find("gradient-descent")!;

    private static CheckResult Check(IGradientDescent solution, string name) => Assert.Single(Project.Check(solution), c => c.Name == name);

    [Fact]
    public void Reference_solution_passes_every_check()
    {
        var result = Project.Grade(new global::Track.GradientDescent());
        Assert.All(result.Checks, c => Assert.True(c.Status == CheckStatus.Passed, $"{c.Name}: {c.Message} {c.Input} {c.Hint}"));
        Assert.Equal(ProjectStatus.Passed, result.Status);
    }

    [Fact]
    public void A_flipped_sign_is_named_in_the_rule_and_in_the_trajectory()
    {
        var rule = Check(new SignFlipped(), "update rule");
        Assert.Equal(CheckStatus.Failed, rule.Status);
        Assert.Equal("the sign is flipped: step against the gradient, p - lr*g (adding climbs the loss)", rule.Hint);
        Assert.StartsWith("parameters=[0], gradient=[", rule.Input, StringComparison.Ordinal);
        var trajectory = Check(new SignFlipped(), "loss trajectory");
        Assert.Equal("the loss grows: the update adds the gradient; step against it, p - lr*g", trajectory.Hint);
        Assert.Contains("steps=2", trajectory.Input, StringComparison.Ordinal);
    }

    [Fact]
    public void A_forgotten_learning_rate_is_named()
    {
        var rule = Check(new MissingLearningRate(), "update rule");
        Assert.Equal("the learning rate is missing: p - lr*g", rule.Hint);
        Assert.Equal("parameters[0]", rule.Where);
    }

    [Fact]
    public void Changing_the_callers_array_fails_even_though_the_numbers_are_right()
    {
        var rule = Check(new MutatesInput(), "update rule");
        Assert.Equal(CheckStatus.Failed, rule.Status);
        Assert.Equal("Step returned its input array parameters instead of a new one", rule.Message);
        Assert.StartsWith("Step must be pure", rule.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Trajectory_mistakes_are_named()
    {
        Assert.Equal(CheckStatus.Passed, Check(new LossAfterUpdate(), "update rule").Status);
        var after = Check(new LossAfterUpdate(), "loss trajectory");
        Assert.Equal("each loss is the one after the update: record the loss before updating", after.Hint);
        Assert.Equal("losses[0]", after.Where);
        Assert.Contains("steps=1", after.Input, StringComparison.Ordinal);

        var never = Check(new NeverUpdates(), "loss trajectory");
        Assert.StartsWith("the loss never changes", never.Hint, StringComparison.Ordinal);
        Assert.Contains("steps=2", never.Input, StringComparison.Ordinal);

        var tooMany = Check(new OneLossTooMany(), "loss trajectory");
        Assert.Equal("Train returned 2 losses; expected 1", tooMany.Message);
        Assert.StartsWith("one loss too many", tooMany.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void The_trajectory_carries_the_learners_loss_curve_beside_the_graders()
    {
        var right = Check(new global::Track.GradientDescent(), "loss trajectory").Figure;
        Assert.NotNull(right);
        Assert.Equal(FigureKind.Lines, right.Kind);
        Assert.Equal(["your Train", "the grader's loop"], right.Series!.Select(s => s.Name));
        var (yours, graders) = (right.Series![0].Values, right.Series![1].Values);
        Assert.Equal(40, yours.Count);
        Assert.Equal(graders, yours);
        // Gradient descent at a small enough rate: the loss falls from the first step to the last.
        Assert.True(yours[^1] < yours[0] * 0.9, $"from {yours[0]} to {yours[^1]}");

        var climbing = Check(new SignFlipped(), "loss trajectory").Figure;
        Assert.NotNull(climbing);
        var ascent = climbing.Series![0].Values;
        Assert.Equal(graders[0], ascent[0]);
        Assert.True(ascent[^1] > ascent[0], $"from {ascent[0]} to {ascent[^1]}");
    }

    [Fact]
    public void A_trajectory_still_to_write_has_no_figure()
    {
        var todo = Check(new Unwritten(), "loss trajectory");
        Assert.Equal(CheckStatus.Todo, todo.Status);
        Assert.Null(todo.Figure);
    }

    /// <summary>Train still a TODO, as in the starter.</summary>
    private sealed class Unwritten : IGradientDescent
    {
        public double[] Step(double[] parameters, double[] gradient, double learningRate) => throw new NotWrittenYetException("Step");

        public double[] Train(Func<double[], LossAndGradient> lossAndGradient, double[] start, double learningRate, int steps) => throw new NotWrittenYetException("Train");
    }
}
