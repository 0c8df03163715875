namespace Dual.Track.Tests.Projects;

public sealed class TrackCatalogTests
{
    [Fact]
    public void Projects_are_numbered_in_order_with_unique_ids_folders_and_starters()
    {
        var projects = TrackCatalog.Projects;
        // Strictly increasing from 1 (projects are merged in parallel branches, so a branch may have a gap).
        Assert.Equal(1, projects[0].Number);
        Assert.All(projects.Zip(projects.Skip(1)), t => Assert.True(t.First.Number < t.Second.Number, $"{t.First} before {t.Second}"));
        Assert.Equal(projects.Count, projects.Select(p => p.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(projects.Count, projects.Select(p => p.Folder).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(projects, p => Assert.StartsWith(p.Folder + "/", p.StarterFile, StringComparison.Ordinal));
    }

    [Fact]
    public void A_project_that_trains_gets_the_longer_time_limit_and_the_others_the_default()
    {
        Assert.Equal(TrackCatalog.TrainingTimeLimit, TrackCatalog.Find("network")!.TimeLimit);
        Assert.Equal(TrackProject.DefaultTimeLimit, TrackCatalog.Find("neuron")!.TimeLimit);
        Assert.True(TrackCatalog.TrainingTimeLimit > TrackProject.DefaultTimeLimit);
    }

    [Fact]
    public void An_explicit_timeout_overrides_every_project_limit_and_none_uses_the_project_own()
    {
        var network = TrackCatalog.Find("network")!;
        Assert.Equal(TimeSpan.FromSeconds(3), new CheckOptions { Timeout = TimeSpan.FromSeconds(3) }.TimeLimitFor(network));
        Assert.Equal(network.TimeLimit, new CheckOptions().TimeLimitFor(network));
    }

    [Theory]
    [InlineData("neuron", 1)]
    [InlineData("NETWORK", 4)]
    [InlineData("03", 3)]
    [InlineData("02-gradient-descent", 2)]
    [InlineData("primitives", 7)]
    [InlineData("08-softmax", 8)]
    public void Find_takes_an_id_a_number_or_a_folder(string key, int number) =>
        Assert.Equal(number, TrackCatalog.Find(key)!.Number);

    [Fact]
    public void Find_returns_null_for_an_unknown_project() => Assert.Null(TrackCatalog.Find("transformer-xl"));
}
