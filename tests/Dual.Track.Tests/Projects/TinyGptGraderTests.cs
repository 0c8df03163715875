namespace Dual.Track.Tests.Projects;

public class TinyGptGraderTests
{
    private static readonly TrackProject Project = TrackCatalog.Find("tiny-gpt")!;

    [Fact]
    public void Reference_solution_passes_every_check_and_trains_microgpt_on_names()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = Project.Grade(new global::Track.TinyGpt());
        Console.WriteLine($"tiny-gpt grade: {watch.Elapsed.TotalSeconds:F1} s");
        foreach (var c in result.Checks)
        {
            Console.WriteLine($"{c.Name}: {c.Status} {c.Message}");
        }

        Assert.All(result.Checks, c => Assert.True(c.Status == CheckStatus.Passed, $"{c.Name}: {c.Message} {c.Input} {c.Where} {c.Expected} {c.Got} {c.Hint}"));
    }
}
