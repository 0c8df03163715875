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

    [Fact]
    public void A_figure_crosses_the_process_boundary_with_every_number()
    {
        var lines = TrackFigure.Lines("loss", "step", "loss", new FigureSeries("yours", [1.5, 0.25, double.NaN])) with { LogY = true, XStep = 12 };
        var heat = TrackFigure.Heatmap("weights", [[1.0, 0.0], [0.25, 0.75]], ["a", "b"], ["a", "b"]);
        var list = TrackFigure.List("names", ["emma", "ava"]);
        var report = new TrackReport(
            [new ProjectResult(2, "p", [
                CheckResult.Pass("a", "ok") with { Figure = lines },
                CheckResult.Pass("b", "ok") with { Figure = heat },
                CheckResult.Pass("c", "ok") with { Figure = list },
                CheckResult.Pass("d", "ok"),
            ])],
            []);

        var back = TrackReport.FromJson(report.ToJson()).Projects[0].Checks;

        Assert.Equal(FigureKind.Lines, back[0].Figure!.Kind);
        Assert.Equal("step", back[0].Figure!.XLabel);
        Assert.Equal("yours", back[0].Figure!.Series![0].Name);
        Assert.Equal([1.5, 0.25, double.NaN], back[0].Figure!.Series![0].Values);
        Assert.True(back[0].Figure!.LogY);
        Assert.Equal(12, back[0].Figure!.XStep);
        // A figure written without xStep (an older grader) keeps one value per step.
        var json = report.ToJson();
        Assert.Contains("\"xStep\": 12,", json, StringComparison.Ordinal);
        Assert.Equal(1, TrackReport.FromJson(json.Replace("\"xStep\": 12,", "", StringComparison.Ordinal)).Projects[0].Checks[0].Figure!.XStep);
        Assert.Equal(FigureKind.Heatmap, back[1].Figure!.Kind);
        Assert.Equal([0.25, 0.75], back[1].Figure!.Cells![1]);
        Assert.Equal(["a", "b"], back[1].Figure!.ColumnLabels!);
        Assert.Equal(["emma", "ava"], back[2].Figure!.Items!);
        Assert.Null(back[3].Figure);
    }
}
