using System.Net;
using System.Text.Json;

namespace Dual.Track.Web.Tests;

/// <summary>Each route's answer over a fresh workspace of starters.</summary>
public class RouteTests
{
    [Fact]
    public async Task The_page_and_its_assets_are_served_from_the_tool_itself()
    {
        await using var app = await TestApp.Start();
        using var client = app.Client();
        var page = await client.GetStringAsync("/");
        Assert.Contains("<textarea id=\"editor\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", page, StringComparison.Ordinal);
        var js = await client.GetAsync("/app.js");
        Assert.Equal("text/javascript", js.Content.Headers.ContentType?.MediaType);
        Assert.Contains("EventSource", await js.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("text/css", (await client.GetAsync("/app.css")).Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_project_list_has_every_project_with_its_status()
    {
        await using var app = await TestApp.Start();
        using var client = app.Client();
        using var list = JsonDocument.Parse(await client.GetStringAsync("/api/projects"));
        var projects = list.RootElement.EnumerateArray().ToList();
        Assert.Equal(TrackCatalog.Projects.Select(p => p.Id), projects.Select(p => p.GetProperty("id").GetString()));
        Assert.All(projects, p => Assert.Equal("new", p.GetProperty("status").GetString()));
        Assert.Equal("01-neuron/Neuron.cs", projects[0].GetProperty("starterFile").GetString());
    }

    [Fact]
    public async Task A_project_comes_with_its_chapter_rendered_its_starter_and_no_result_yet()
    {
        await using var app = await TestApp.Start();
        using var client = app.Client();
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/api/projects/1"));
        var chapter = doc.RootElement.GetProperty("chapterHtml").GetString()!;
        Assert.Contains("<h1 id=\"one-neuron\">1. One neuron</h1>", chapter, StringComparison.Ordinal);
        Assert.Contains("<table>", chapter, StringComparison.Ordinal);
        Assert.Contains("<img src=\"/api/projects/neuron/assets/01-neuron.svg\"", chapter, StringComparison.Ordinal);
        Assert.Contains("NotWrittenYetException", doc.RootElement.GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.False(doc.RootElement.TryGetProperty("report", out _));

        var picture = await client.GetAsync("/api/projects/neuron/assets/01-neuron.svg");
        Assert.Equal("image/svg+xml", picture.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", await picture.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/projects/no-such")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/projects/no-such/check", null)).StatusCode);
    }

    [Fact]
    public async Task Raw_html_in_a_chapter_is_shown_as_text()
    {
        await using var app = await TestApp.Start();
        await File.WriteAllTextAsync(Path.Combine(app.Workspace, "01-neuron", "README.md"), "# t\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n");
        using var client = app.Client();
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/api/projects/neuron"));
        var chapter = doc.RootElement.GetProperty("chapterHtml").GetString()!;
        Assert.DoesNotContain("<script", chapter, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", chapter, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", chapter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_starter_is_written_exactly_and_read_back()
    {
        await using var app = await TestApp.Start();
        using var client = app.Client();
        const string Source = "// é, tabs\tand \"quotes\"\nnamespace Track;\n";
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync("/api/file?path=01-neuron/Neuron.cs", TestApp.Text(Source))).StatusCode);
        Assert.Equal(Source, await File.ReadAllTextAsync(Path.Combine(app.Workspace, "01-neuron", "Neuron.cs")));
        Assert.Equal(Source, await client.GetStringAsync("/api/file?path=01-neuron/Neuron.cs"));
    }

    [Fact]
    public async Task In_an_FSharp_workspace_the_page_reads_and_writes_the_FSharp_starters_only()
    {
        await using var app = await TestApp.Start(language: "fsharp");
        using var client = app.Client();
        using var list = JsonDocument.Parse(await client.GetStringAsync("/api/projects"));
        Assert.Equal("01-neuron/Neuron.fs", list.RootElement[0].GetProperty("starterFile").GetString());
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/api/projects/neuron"));
        Assert.Contains("raise (NotWrittenYetException \"DaDz\")", doc.RootElement.GetProperty("source").GetString(), StringComparison.Ordinal);

        const string Source = "namespace Track\n";
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync("/api/file?path=01-neuron/Neuron.fs", TestApp.Text(Source))).StatusCode);
        Assert.Equal(Source, await File.ReadAllTextAsync(Path.Combine(app.Workspace, "01-neuron", "Neuron.fs")));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsync("/api/file?path=01-neuron/Neuron.cs", TestApp.Text(Source))).StatusCode);
        Assert.False(File.Exists(Path.Combine(app.Workspace, "01-neuron", "Neuron.cs")));
    }
}
