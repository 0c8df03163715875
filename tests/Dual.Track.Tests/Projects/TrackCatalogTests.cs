namespace Dual.Track.Tests.Projects;

public sealed class TrackCatalogTests
{
    [Fact]
    public void Projects_are_numbered_in_order_with_unique_ids_folders_and_starters()
    {
        var projects = TrackCatalog.Projects;
        // Every number from 1 to N, in order, each folder starting with its number.
        Assert.Equal(Enumerable.Range(1, projects.Count), projects.Select(p => p.Number));
        Assert.All(projects, p => Assert.StartsWith(p.Number.ToString("00", System.Globalization.CultureInfo.InvariantCulture) + "-", p.Folder, StringComparison.Ordinal));
        Assert.Equal(projects.Count, projects.Select(p => p.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(projects.Count, projects.Select(p => p.Folder).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(projects, p => Assert.StartsWith(p.Folder + "/", p.StarterFile, StringComparison.Ordinal));
    }

    [Fact]
    public void A_starter_is_named_in_the_language_asked_for()
    {
        var network = TrackCatalog.Find("network")!;
        Assert.Equal("04-network/Network.cs", network.StarterFileIn(TrackLanguage.CSharp));
        Assert.Equal("04-network/Network.fs", network.StarterFileIn(TrackLanguage.FSharp));
        Assert.Equal(network.StarterFile, network.StarterFileIn(TrackLanguage.CSharp));
    }

    [Fact]
    public void A_project_that_trains_gets_the_longer_time_limit_and_the_others_the_default()
    {
        Assert.Equal(TrackCatalog.TrainingTimeLimit, TrackCatalog.Find("network")!.TimeLimit);
        Assert.Equal(TrackProject.DefaultTimeLimit, TrackCatalog.Find("neuron")!.TimeLimit);
        Assert.Equal(TrackProject.DefaultTimeLimit, TrackCatalog.Find("activations")!.TimeLimit);
        Assert.Equal(TrackProject.DefaultTimeLimit, TrackCatalog.Find("optimizers")!.TimeLimit);
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
    [InlineData("05-activations", 5)]
    [InlineData("optimizers", 6)]
    [InlineData("primitives", 7)]
    [InlineData("08-softmax", 8)]
    public void Find_takes_an_id_a_number_or_a_folder(string key, int number) =>
        Assert.Equal(number, TrackCatalog.Find(key)!.Number);

    [Fact]
    public void Find_returns_null_for_an_unknown_project() => Assert.Null(TrackCatalog.Find("transformer-xl"));
}
