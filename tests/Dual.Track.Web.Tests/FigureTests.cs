using System.Xml.Linq;

namespace Dual.Track.Web.Tests;

/// <summary>
/// Each kind of figure drawn on the server: well-formed SVG/HTML (parsed as XML), one line per series, the learner's text
/// escaped, and NaN, infinite, empty or oversized data drawn or explained, never a crash.
/// </summary>
public class FigureTests
{
    private const string Script = "<script>alert(1)</script>";
    private const string Attribute = "\"><img src=x onerror=alert(1)>";

    // ScottPlot's Category10 palette: the first three series' colours.
    private const string First = "#1F77B4", Second = "#FF7F0E", Third = "#2CA02C";

    /// <summary>The figure's HTML parsed as XML (it must be well-formed), with the SVG namespace dropped for queries.</summary>
    private static XElement Parse(string html)
    {
        var root = XElement.Parse(html);
        foreach (var e in root.DescendantsAndSelf())
        {
            e.Name = e.Name.LocalName;
        }

        return root;
    }

    private static IEnumerable<string> Texts(XElement root) => root.Descendants("text").Select(t => t.Value.Trim());

    [Fact]
    public void Lines_draw_one_coloured_line_per_series_with_the_legend_and_axis_labels()
    {
        var figure = TrackFigure.Lines("XOR: loss per step", "step", "loss",
            new FigureSeries("your backward", [1.0, 0.5, 0.25, 0.125]),
            new FigureSeries("the grader's backward", [1.0, 0.6, 0.3, 0.2]));
        var html = FigureHtml.Render(figure);
        var root = Parse(html);

        Assert.Equal("figure", root.Name.LocalName);
        Assert.Equal("lines", root.Attribute("data-kind")?.Value);
        Assert.Equal("XOR: loss per step", root.Element("figcaption")?.Value);
        var svg = Assert.Single(root.Elements("svg"));
        Assert.Equal("0 0 640 320", svg.Attribute("viewBox")?.Value);
        var texts = Texts(svg).ToList();
        Assert.Contains("your backward", texts);
        Assert.Contains("the grader's backward", texts);
        Assert.Contains("step", texts);
        Assert.Contains("loss", texts);
        var strokes = svg.Descendants("path").Select(p => p.Attribute("stroke")?.Value).ToList();
        Assert.Contains(First, strokes);
        Assert.Contains(Second, strokes);
        Assert.DoesNotContain(Third, strokes);
        Assert.Null(root.Element("p"));
    }

    [Fact]
    public void A_log_axis_is_labelled_in_powers_of_ten_and_says_so()
    {
        var figure = TrackFigure.Lines("loss", "step", "loss", new FigureSeries("yours", [1, 0.1, 0.01, 0.001])) with { LogY = true };
        var texts = Texts(Parse(FigureHtml.Render(figure))).ToList();
        Assert.Contains("loss (log scale)", texts);
        Assert.Contains("0.01", texts);
        Assert.Contains("1", texts);
    }

    [Fact]
    public void XStep_spreads_the_values_along_the_x_axis()
    {
        // 5 values every 250 steps reach x = 1000: the axis's ticks go there, not to 4.
        var figure = TrackFigure.Lines("loss", "step", "loss", new FigureSeries("yours", [5, 4, 3, 2, 1])) with { XStep = 250 };
        var texts = Texts(Parse(FigureHtml.Render(figure))).ToList();
        Assert.True(texts.Contains("1000"), string.Join("|", texts));
    }

    [Fact]
    public void NaN_infinite_and_empty_series_leave_gaps_and_a_note_instead_of_breaking_the_picture()
    {
        var figure = TrackFigure.Lines("diverged", "step", "loss",
            new FigureSeries("yours", [1.0, double.NaN, 0.5, double.PositiveInfinity, double.NegativeInfinity, 0.25, 1e308, -1e308]),
            new FigureSeries("all NaN", [double.NaN, double.NaN]),
            new FigureSeries("empty", []));
        var root = Parse(FigureHtml.Render(figure));
        Assert.Single(root.Elements("svg"));
        var note = root.Element("p")!.Value;
        Assert.Contains("yours: 5 of 8 values are NaN or infinite, drawn as gaps", note, StringComparison.Ordinal);
        Assert.Contains("all NaN: 2 of 2 values", note, StringComparison.Ordinal);
        Assert.DoesNotContain("could not be drawn", note, StringComparison.Ordinal);
        Assert.Contains("all NaN (nothing to draw)", Texts(root));

        var log = TrackFigure.Lines("log", "step", "loss", new FigureSeries("yours", [1, 0, -1, 0.1])) with { LogY = true };
        var logRoot = Parse(FigureHtml.Render(log));
        Assert.Single(logRoot.Elements("svg"));
        Assert.Contains("2 of 4 values are NaN, infinite or ≤ 0 (log scale)", logRoot.Element("p")!.Value, StringComparison.Ordinal);

        var nothing = new TrackFigure(FigureKind.Lines, "no series");
        Assert.Single(Parse(FigureHtml.Render(nothing)).Elements("svg"));
    }

    [Fact]
    public void A_long_series_is_thinned_and_extra_series_are_named()
    {
        var many = Enumerable.Range(0, 12).Select(i => new FigureSeries($"s{i}", [.. Enumerable.Range(0, 100_000).Select(k => Math.Sin(k / 1000.0) + i)])).ToArray();
        var html = FigureHtml.Render(TrackFigure.Lines("many", "step", "y", many));
        var root = Parse(html);
        Assert.Contains("2 more series not drawn (at most 10)", root.Element("p")!.Value, StringComparison.Ordinal);
        Assert.DoesNotContain("s10", Texts(root));
        // 10 series of at most 1500 points each: well under a megabyte however long the learner's run.
        Assert.InRange(html.Length, 1, 1_000_000);
    }

    [Fact]
    public void The_learners_text_is_escaped_in_every_kind()
    {
        var lines = new TrackFigure(FigureKind.Lines, Script)
        {
            XLabel = Attribute,
            YLabel = Script,
            Series = [new FigureSeries(Script, [1, 2]), new FigureSeries(Attribute, [2, 1])],
        };
        var heat = TrackFigure.Heatmap(Script, [[0.5, 0.5], [0.1, 0.9]], [Script, Attribute], [Attribute, Script]);
        var list = TrackFigure.List(Attribute, [Script, Attribute, "emma"]);
        foreach (var figure in new[] { lines, heat, list })
        {
            var html = FigureHtml.Render(figure);
            var root = Parse(html);
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(root.DescendantsAndSelf(), e => e.Name.LocalName is "script" or "img" or "foreignObject");
            Assert.DoesNotContain(root.DescendantsAndSelf().SelectMany(e => e.Attributes()), a => a.Name.LocalName.StartsWith("on", StringComparison.OrdinalIgnoreCase));
            // The text survives as text.
            Assert.Contains(root.DescendantsAndSelf(), e => e.Nodes().OfType<XText>().Any(t => t.Value.Contains(Script, StringComparison.Ordinal) || t.Value.Contains(Attribute, StringComparison.Ordinal)));
        }

        Assert.Equal([Script, Attribute, "emma"], Parse(FigureHtml.Render(list)).Descendants("li").Select(li => li.Value));
    }

    [Fact]
    public void Characters_xml_cannot_hold_are_replaced_and_long_text_is_cut()
    {
        var odd = "a\u0001b\uD800c\u0000";
        var figure = TrackFigure.List(new string('x', 5000), [odd]);
        var root = Parse(FigureHtml.Render(figure));
        Assert.Equal("a\uFFFDb\uFFFDc\uFFFD", root.Descendants("li").Single().Value);
        Assert.Equal(FigureText.MaxLength + 1, root.Element("figcaption")!.Value.Length);
        Assert.EndsWith("x…", root.Element("figcaption")!.Value, StringComparison.Ordinal);
        Assert.Equal("😀", FigureText.Clean("😀"));
    }

    [Fact]
    public void A_heat_map_has_a_cell_per_value_its_labels_a_scale_and_grey_for_NaN()
    {
        var figure = TrackFigure.Heatmap("attention", [[1.0, 0.0, 0.0], [0.5, 0.5, 0.0], [0.2, double.NaN, 0.3]], ["the", "cat", "sat"], ["the", "cat", "sat"]);
        var root = Parse(FigureHtml.Render(figure));
        Assert.Equal("heatmap", root.Attribute("data-kind")?.Value);
        var svg = Assert.Single(root.Elements("svg"));
        var cells = svg.Elements("rect").Where(r => r.Element("title") is not null).ToList();
        Assert.Equal(9, cells.Count);
        // The largest value darkest, the smallest lightest (the ends of the ramp), NaN grey.
        Assert.Equal("#08306b", cells[0].Attribute("fill")?.Value);
        Assert.Equal("#f7fbff", cells[1].Attribute("fill")?.Value);
        Assert.Equal("#bdbdbd", cells[7].Attribute("fill")?.Value);
        Assert.Equal("cat → sat: 0", cells[5].Element("title")!.Value);
        Assert.Equal("sat → cat: NaN", cells[7].Element("title")!.Value);
        var texts = Texts(svg).ToList();
        Assert.Equal(2, texts.Count(t => t == "cat"));
        Assert.Contains("0.5", texts);
        // The colour scale's ten steps and its ends.
        Assert.Equal(10, svg.Elements("rect").Count(r => r.Element("title") is null));
        Assert.Contains("1", texts);
        Assert.Contains("0", texts);
        Assert.Contains("1 cell is NaN or infinite (grey)", root.Element("p")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Odd_heat_maps_are_drawn_without_crashing()
    {
        var ragged = TrackFigure.Heatmap("ragged", [[1.0, 2.0, 3.0], [4.0]]);
        var ragRoot = Parse(FigureHtml.Render(ragged));
        Assert.Contains("different lengths", ragRoot.Element("p")!.Value, StringComparison.Ordinal);
        Assert.Equal(6, ragRoot.Descendants("rect").Count(r => r.Element("title") is not null));

        var constant = TrackFigure.Heatmap("constant", [[2.0, 2.0]]);
        Assert.All(Parse(FigureHtml.Render(constant)).Descendants("rect").Where(r => r.Element("title") is not null), r => Assert.Equal(HeatmapSvg.Colour(0.5), r.Attribute("fill")?.Value));

        var allNaN = TrackFigure.Heatmap("nan", [[double.NaN, double.PositiveInfinity]]);
        Assert.Single(Parse(FigureHtml.Render(allNaN)).Elements("svg"));

        var empty = new TrackFigure(FigureKind.Heatmap, "empty");
        Assert.Single(Parse(FigureHtml.Render(empty)).Elements("svg"));

        var huge = TrackFigure.Heatmap("huge", [.. Enumerable.Range(0, 100).Select(i => (IReadOnlyList<double>)[.. Enumerable.Range(0, 100).Select(j => (double)(i * j))])]);
        var hugeRoot = Parse(FigureHtml.Render(huge));
        Assert.Equal(HeatmapSvg.MaxSide * HeatmapSvg.MaxSide, hugeRoot.Descendants("rect").Count(r => r.Element("title") is not null));
        Assert.Contains($"only the first {HeatmapSvg.MaxSide} rows and columns are drawn", hugeRoot.Element("p")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_shows_its_items_in_order_and_at_most_the_limit()
    {
        var names = TrackFigure.List("sampled names", ["emma", "olivia", "ava"]);
        var root = Parse(FigureHtml.Render(names));
        Assert.Equal(["emma", "olivia", "ava"], root.Descendants("li").Select(li => li.Value));

        var long_ = TrackFigure.List("many", [.. Enumerable.Range(0, 500).Select(i => $"n{i}")]);
        var longRoot = Parse(FigureHtml.Render(long_));
        Assert.Equal(FigureHtml.MaxItems, longRoot.Descendants("li").Count());
        Assert.Equal("300 more not shown", longRoot.Element("p")!.Value);
        Assert.Equal("(no items)", Parse(FigureHtml.Render(new TrackFigure(FigureKind.List, "none"))).Element("p")!.Value);
    }

    [Fact]
    public void A_kind_this_page_does_not_know_is_explained()
    {
        var root = Parse(FigureHtml.Render(new TrackFigure((FigureKind)42, "future")));
        Assert.Equal("this version of the page cannot draw a figure of kind 42", root.Element("p")!.Value);
    }
}
