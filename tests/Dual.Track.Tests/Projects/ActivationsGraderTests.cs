namespace Dual.Track.Tests.Projects;

public class ActivationsGraderTests
{
    private static readonly TrackProject Project = TrackCatalog.Find("activations")!;

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
}
