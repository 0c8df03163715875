using System.Net;

namespace Dual.Track.Web.Tests;

/// <summary>Nothing outside the workspace is served or written, and inside it only the starters.</summary>
public class PathTests
{
    /// <summary>Paths as they reach the query after its one decoding (so "%2f" here arrives as "%252f" on the wire).</summary>
    public static TheoryData<string> Refused => new()
    {
        "../outside.txt",
        "01-neuron/../../outside.txt",
        "01-neuron/../01-neuron/Neuron.cs",
        "./01-neuron/Neuron.cs",
        "01-neuron//Neuron.cs",
        "/etc/hostname",
        "01-neuron%2fNeuron.cs",
        "..%2foutside.txt",
        "%2e%2e/outside.txt",
        "01-neuron\\Neuron.cs",
        "..\\outside.txt",
        "C:/outside.txt",
        "Track.csproj",
        "Program.cs",
        "dual-track.json",
        "01-neuron/README.md",
        ".dual/progress.json",
        "01-neuron/neuron.cs",
        "",
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_path_that_is_not_a_starter_is_neither_read_nor_written(string path)
    {
        await using var app = await TestApp.Start();
        var outside = Path.Combine(app.Outside, "outside.txt");
        await File.WriteAllTextAsync(outside, "secret");
        var before = Snapshot(app.Workspace);
        using var client = app.Client();

        var get = await client.GetAsync("/api/file?path=" + Uri.EscapeDataString(path));
        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        Assert.DoesNotContain("secret", await get.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var put = await client.PutAsync("/api/file?path=" + Uri.EscapeDataString(path), TestApp.Text("overwritten"));
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);

        Assert.Equal("secret", await File.ReadAllTextAsync(outside));
        Assert.Equal(before, Snapshot(app.Workspace));
    }

    [Fact]
    public async Task An_absolute_path_to_a_real_file_is_refused()
    {
        await using var app = await TestApp.Start();
        var starter = Path.Combine(app.Workspace, "01-neuron", "Neuron.cs");
        using var client = app.Client();
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/file?path=" + Uri.EscapeDataString(starter))).StatusCode);
    }

    [Fact]
    public async Task A_starter_replaced_by_a_symbolic_link_is_neither_read_nor_written()
    {
        await using var app = await TestApp.Start();
        var outside = Path.Combine(app.Outside, "outside.txt");
        await File.WriteAllTextAsync(outside, "secret");
        var starter = Path.Combine(app.Workspace, "02-gradient-descent", "GradientDescent.cs");
        File.Delete(starter);
        File.CreateSymbolicLink(starter, outside);
        using var client = app.Client();

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/file?path=02-gradient-descent/GradientDescent.cs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsync("/api/file?path=02-gradient-descent/GradientDescent.cs", TestApp.Text("overwritten"))).StatusCode);
        Assert.Equal("secret", await File.ReadAllTextAsync(outside));
    }

    [Fact]
    public async Task A_project_folder_replaced_by_a_symbolic_link_is_neither_read_nor_written()
    {
        await using var app = await TestApp.Start();
        var elsewhere = Path.Combine(app.Outside, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        await File.WriteAllTextAsync(Path.Combine(elsewhere, "DenseLayer.cs"), "secret");
        Directory.Delete(Path.Combine(app.Workspace, "03-dense-layer"), recursive: true);
        Directory.CreateSymbolicLink(Path.Combine(app.Workspace, "03-dense-layer"), elsewhere);
        using var client = app.Client();

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/file?path=03-dense-layer/DenseLayer.cs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsync("/api/file?path=03-dense-layer/DenseLayer.cs", TestApp.Text("overwritten"))).StatusCode);
        Assert.Equal("secret", await File.ReadAllTextAsync(Path.Combine(elsewhere, "DenseLayer.cs")));
    }

    [Theory]
    [InlineData("..%2F..%2Fdual-track.json")]
    [InlineData("..%2F01-neuron.md")]
    [InlineData("README.md")]
    [InlineData("Neuron.cs")]
    [InlineData("%2Fetc%2Fhostname")]
    public async Task The_picture_route_serves_only_svg_files_of_the_project_folder(string name)
    {
        await using var app = await TestApp.Start();
        using var client = app.Client();
        var response = await client.GetAsync("/api/projects/neuron/assets/" + name);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_starter_too_large_is_refused()
    {
        await using var app = await TestApp.Start();
        using var client = app.Client();
        var response = await client.PutAsync("/api/file?path=01-neuron/Neuron.cs", TestApp.Text(new string('x', WorkspaceFiles.MaxWriteBytes + 1)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.StartsWith("using Dual.Track;", await File.ReadAllTextAsync(Path.Combine(app.Workspace, "01-neuron", "Neuron.cs")), StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Snapshot(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}.dual{Path.DirectorySeparatorChar}lib", StringComparison.Ordinal))
            .ToDictionary(f => f, File.ReadAllText);
}
