using System.Net;

namespace Dual.Track.Web.Tests;

/// <summary>The gates every request passes: the token, the Host header (DNS rebinding) and the Origin of writes (CSRF).</summary>
public class SecurityTests
{
    private static readonly string[] Routes =
        ["/", "/app.js", "/app.css", "/api/projects", "/api/projects/neuron", "/api/projects/neuron/assets/01-neuron.svg", "/api/file?path=01-neuron/Neuron.cs", "/api/events"];

    [Fact]
    public async Task Every_route_refuses_a_request_without_the_token_or_with_a_wrong_one()
    {
        await using var app = await TestApp.Start();
        using var none = app.Client(cookie: false);
        foreach (var route in Routes)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await none.GetAsync(route)).StatusCode);
            var sep = route.Contains('?', StringComparison.Ordinal) ? "&" : "?";
            Assert.Equal(HttpStatusCode.Unauthorized, (await none.GetAsync(route + sep + "token=wrong-token")).StatusCode);
        }

        using var wrongCookie = app.Client(cookie: false);
        wrongCookie.DefaultRequestHeaders.Add("Cookie", $"dual-track-{TestApp.Port}={TestApp.Token}x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrongCookie.GetAsync("/api/projects")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await none.PutAsync("/api/file?path=01-neuron/Neuron.cs", TestApp.Text("x"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await none.PostAsync("/api/projects/neuron/check", null)).StatusCode);
    }

    [Fact]
    public async Task The_token_in_the_query_sets_an_HttpOnly_SameSite_Strict_cookie_and_leaves_the_address()
    {
        await using var app = await TestApp.Start();
        using var client = app.Client(cookie: false);
        var first = await client.GetAsync("/?token=" + TestApp.Token);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("/", first.Headers.Location?.ToString());
        var cookie = Assert.Single(first.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith($"dual-track-{TestApp.Port}={TestApp.Token};", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        // The cookie alone is then enough, as the browser sends it.
        using var withCookie = app.Client();
        var page = await withCookie.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<script src=\"/app.js\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:5917")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:80")]
    [InlineData("127.0.0.1.evil.example:5917")]
    [InlineData("0.0.0.0:5917")]
    public async Task A_foreign_Host_is_refused_even_with_the_token(string host)
    {
        await using var app = await TestApp.Start();
        using var client = app.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/projects?token=" + TestApp.Token);
        request.Headers.Host = host;
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("127.0.0.1:5917")]
    [InlineData("localhost:5917")]
    public async Task The_loopback_Host_with_the_bound_port_is_served(string host)
    {
        await using var app = await TestApp.Start();
        using var client = app.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/projects");
        request.Headers.Host = host;
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
    }

    [Theory]
    [InlineData("Origin", "http://evil.example")]
    [InlineData("Origin", "http://127.0.0.1:1234")]
    [InlineData("Origin", "null")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task A_write_from_another_origin_is_refused_and_changes_nothing(string header, string value)
    {
        var runs = 0;
        await using var app = await TestApp.Start(runner: p => { Interlocked.Increment(ref runs); return Reports.Of(p); });
        using var client = app.Client();
        var file = Path.Combine(app.Workspace, "01-neuron", "Neuron.cs");
        var before = await File.ReadAllTextAsync(file);

        using var put = new HttpRequestMessage(HttpMethod.Put, "/api/file?path=01-neuron/Neuron.cs") { Content = TestApp.Text("class Evil {}") };
        put.Headers.Add(header, value);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(put)).StatusCode);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/api/projects/neuron/check");
        post.Headers.Add(header, value);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(post)).StatusCode);

        Assert.Equal(before, await File.ReadAllTextAsync(file));
        Assert.Equal(0, runs);
    }

    [Fact]
    public async Task A_write_from_the_page_itself_is_accepted()
    {
        await using var app = await TestApp.Start();
        using var client = app.Client();
        using var put = new HttpRequestMessage(HttpMethod.Put, "/api/file?path=01-neuron/Neuron.cs") { Content = TestApp.Text("// mine\n") };
        put.Headers.Add("Origin", $"http://127.0.0.1:{TestApp.Port}");
        put.Headers.Add("Sec-Fetch-Site", "same-origin");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(put)).StatusCode);
        Assert.Equal("// mine\n", await File.ReadAllTextAsync(Path.Combine(app.Workspace, "01-neuron", "Neuron.cs")));
    }
}
