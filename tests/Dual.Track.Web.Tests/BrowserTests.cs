using PuppeteerSharp;

namespace Dual.Track.Web.Tests;

/// <summary>
/// The page in a real headless browser over a real loopback port and the real checker: the reference answer passes every
/// check and the graph appears; a broken factor is named; project 2's loss curve is drawn under its check.
/// </summary>
public class BrowserTests
{
    private static readonly TimeSpan CheckWait = TimeSpan.FromMinutes(4);

    [ChromiumFact]
    public async Task The_right_answer_passes_with_the_graph_then_a_broken_factor_is_named()
    {
        using var temp = new TempFolder();
        var workspace = Path.Combine(temp.Path, "ws");
        WorkspaceInit.Create(workspace);
        await using var server = TrackServer.Create(new TrackServerOptions
        {
            WorkspaceDirectory = workspace,
            Port = 0,
            WatchFiles = false,
            CheckOptions = new CheckOptions { ReuseBuildNodes = false },
        });
        await server.StartAsync();
        Assert.NotEqual(0, server.Port);

        await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            Headless = true,
            ExecutablePath = ChromiumFactAttribute.Executable,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        await using var page = await browser.NewPageAsync();
        await page.GoToAsync(server.Address.ToString());
        Assert.Equal($"http://127.0.0.1:{server.Port}/", page.Url);
        await page.WaitForSelectorAsync("#editor:not([disabled])");
        Assert.Contains("NotWrittenYetException", await page.EvaluateExpressionAsync<string>("document.getElementById('editor').value"), StringComparison.Ordinal);
        Assert.Equal("1. One neuron", await page.EvaluateExpressionAsync<string>("document.querySelector('#chapter h1').textContent"));

        var neuron = TrackCatalog.Find("neuron")!;
        var answer = WorkspaceInit.Source(neuron, solution: true);
        await CheckInPage(page, answer, "passed");
        var statuses = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#checks li[data-check]')].map(li => li.dataset.status)");
        Assert.Equal(6, statuses.Length);
        Assert.All(statuses, s => Assert.Equal("passed", s));
        Assert.True(await page.EvaluateExpressionAsync<bool>("document.querySelector('#picture svg#neuron-graph [data-node=\"loss\"]') !== null"));
        Assert.Equal(answer, await File.ReadAllTextAsync(Path.Combine(workspace, neuron.StarterFile)));

        const string Right = "public double DaDz(double z, double a) => a * (1 - a);";
        Assert.Contains(Right, answer, StringComparison.Ordinal);
        await CheckInPage(page, answer.Replace(Right, "public double DaDz(double z, double a) => 1 / (1 + Math.Exp(-z));", StringComparison.Ordinal), "failed");
        Assert.Equal("failed", await page.EvaluateExpressionAsync<string>("document.querySelector('#checks li[data-check=\"da_dz\"]').dataset.status"));
        Assert.Equal("da_dz (the sigmoid's derivative)", await page.EvaluateExpressionAsync<string>("document.querySelector('#checks li[data-check=\"da_dz\"] dd[data-field=\"where\"]').textContent"));
        Assert.Contains("sigmoid itself", await page.EvaluateExpressionAsync<string>("document.querySelector('#checks li[data-check=\"da_dz\"] dd[data-field=\"hint\"]').textContent"), StringComparison.Ordinal);
        Assert.True(await page.EvaluateExpressionAsync<bool>("document.querySelector('#picture .edge.fail[data-factor=\"da_dz\"]') !== null"));
        Assert.Equal("failed", await page.EvaluateExpressionAsync<string>("document.querySelector('#project-list li[data-project=\"neuron\"] .badge').textContent"));

        // Project 2's trajectory check draws the learner's loss curve under the check.
        await page.ClickAsync("#project-list li[data-project=\"gradient-descent\"]");
        await page.WaitForFunctionAsync("() => document.getElementById('file-name').textContent === '02-gradient-descent/GradientDescent.cs'");
        await CheckInPage(page, WorkspaceInit.Source(TrackCatalog.Find("gradient-descent")!, solution: true), "passed");
        Assert.True(await page.EvaluateExpressionAsync<bool>("document.querySelector('#checks li[data-check=\"loss trajectory\"] .figure figure[data-kind=\"lines\"] svg') !== null"));
        Assert.StartsWith("Loss per step", await page.EvaluateExpressionAsync<string>("document.querySelector('#checks li[data-check=\"loss trajectory\"] figcaption').textContent"), StringComparison.Ordinal);
    }

    /// <summary>
    /// Puts <paramref name="source"/> in the editor as typing would, presses Check and waits for <paramref name="verdict"/>
    /// (a late push of the previous result may show the old verdict for a moment; a wrong verdict ends in the wait's timeout).
    /// </summary>
    private static async Task CheckInPage(IPage page, string source, string verdict)
    {
        await page.EvaluateFunctionAsync(
            "s => { const e = document.getElementById('editor'); e.value = s; e.dispatchEvent(new Event('input')); delete document.body.dataset.lastResult; }",
            source);
        await page.ClickAsync("#check");
        await page.WaitForFunctionAsync(
            $"() => document.body.dataset.lastResult === '{verdict}'",
            new WaitForFunctionOptions { Timeout = (int)CheckWait.TotalMilliseconds, PollingInterval = 200 });
    }
}
