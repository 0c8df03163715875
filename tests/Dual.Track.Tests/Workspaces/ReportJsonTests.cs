namespace Dual.Track.Tests.Workspaces;

public class ReportJsonTests
{
    [Fact]
    public void A_report_round_trips_through_json_with_statuses_as_words()
    {
        var report = new TrackReport(
            [
                new ProjectResult(1, "neuron", [
                    CheckResult.Pass("dloss_da", "ok"),
                    new CheckResult("da_dz", CheckStatus.Failed, "wrong") { Input = "z=0", Where = "da_dz", Expected = "0.25", Got = "0.5", Hint = "a(1 - a)" },
                ]) { ConsoleOutput = "hello" },
            ],
            [new BuildError("01-neuron/Neuron.cs", 3, 5, "CS1002", "; expected")]);

        var json = report.ToJson();
        Assert.Contains("\"status\": \"failed\"", json, StringComparison.Ordinal);
        Assert.Contains("\"file\": \"01-neuron/Neuron.cs\"", json, StringComparison.Ordinal);
        var back = TrackReport.FromJson(json);
        Assert.Equal(report.Projects[0].Checks, back.Projects[0].Checks);
        Assert.Equal(report.BuildErrors, back.BuildErrors);
        Assert.Equal("hello", back.Projects[0].ConsoleOutput);
        Assert.Equal("track: projects=1 passed=0 failed=1 todo=0", back.SummaryLine);
    }
}
