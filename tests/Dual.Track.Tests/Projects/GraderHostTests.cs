namespace Dual.Track.Tests.Projects;

public class GraderHostTests
{
    private static readonly TrackProject Neuron = TrackCatalog.Find("neuron")!;

    [Fact]
    public void Running_out_of_memory_stops_the_grader_instead_of_counting_as_a_pass()
    {
        // FsCheck would treat the exception as one failing case; the grader must not report a verdict at all.
        Assert.Throws<OutOfMemoryException>(() => Neuron.Grade(new OutOfMemoryNeuron()));
    }

    [Fact]
    public void A_missing_or_renamed_starter_is_one_clear_failed_check()
    {
        // An assembly with no INeuron at all stands for a workspace whose starter was deleted or renamed.
        var checks = GraderHost.Grade(Neuron, typeof(Tensor).Assembly).ToList();
        var check = Assert.Single(checks);
        Assert.Equal(CheckStatus.Failed, check.Status);
        Assert.Equal("no class implements INeuron: is 01-neuron/Neuron.cs missing, or was its class renamed or its ': INeuron' removed?", check.Message);
        Assert.Equal("01-neuron/Neuron.cs", check.Where);
    }

    [Fact]
    public void In_an_FSharp_assembly_the_missing_starter_is_named_as_the_FSharp_file_and_clause()
    {
        // FsCheck is compiled by the F# compiler and has no INeuron: it stands for an F# workspace without its class.
        var check = Assert.Single(GraderHost.Grade(Neuron, typeof(FsCheck.Config).Assembly).ToList());
        Assert.Equal("no class implements INeuron: is 01-neuron/Neuron.fs missing, or was its class renamed or its 'interface INeuron with' removed?", check.Message);
        Assert.Equal("01-neuron/Neuron.fs", check.Where);
    }

    [Fact]
    public void The_language_of_an_assembly_is_told_by_the_FSharp_compiler_mark()
    {
        Assert.Same(TrackLanguage.FSharp, TrackLanguage.Of(typeof(FsCheck.Config).Assembly));
        Assert.Same(TrackLanguage.FSharp, TrackLanguage.Of(typeof(Microsoft.FSharp.Core.Unit).Assembly));
        Assert.Same(TrackLanguage.CSharp, TrackLanguage.Of(typeof(TrackLanguage).Assembly));
        Assert.Same(TrackLanguage.CSharp, TrackLanguage.Of(typeof(Tensor).Assembly));
    }

    [Fact]
    public void Two_implementations_are_reported_instead_of_guessing()
    {
        var check = Assert.Single(GraderHost.Grade(Neuron, typeof(GraderHostTests).Assembly).ToList());
        Assert.Matches(@"^\d+ classes implement INeuron \(.*\): keep one$", check.Message);
    }

    private sealed class OutOfMemoryNeuron : INeuron
    {
        public double DlossDa(double a, double y) => throw new OutOfMemoryException();

        public double DaDz(double z, double a) => a * (1 - a);

        public double DzDw(double w, double x, double b) => x;

        public double GradW(double w, double b, double x, double y) => 0;

        public double GradB(double w, double b, double x, double y) => 0;
    }
}
