using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Dual.Cli.Commands;

namespace Dual.Track.Web.Tests;

/// <summary><c>dual track serve</c>: its one line (a contract), a real loopback listener, a clean stop, clear errors.</summary>
public class ServeCommandTests
{
    [Fact]
    public async Task It_prints_exactly_the_serving_line_serves_that_address_and_stops_cleanly()
    {
        using var temp = new TempFolder();
        var dir = Path.Combine(temp.Path, "ws");
        WorkspaceInit.Create(dir);
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        using var stop = new CancellationTokenSource();
        var serving = Task.Run(() => TrackServeCommand.Serve(TextWriter.Synchronized(stdout), TextWriter.Synchronized(stderr), dir, 0, noBrowser: true, stop.Token));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!stdout.ToString().Contains('\n', StringComparison.Ordinal) && DateTime.UtcNow < deadline && !serving.IsCompleted)
        {
            await Task.Delay(50);
        }

        var line = stdout.ToString();
        var match = Regex.Match(line, @"^serving http://127\.0\.0\.1:(?<port>[0-9]+)/\?token=(?<token>[A-Za-z0-9_-]{32})\n$");
        Assert.True(match.Success, $"stdout: '{line}', stderr: '{stderr}'");

        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        using var client = new HttpClient(handler);
        var url = line["serving ".Length..].Trim();
        var first = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"http://127.0.0.1:{match.Groups["port"].Value}/api/projects")).StatusCode);

        // Bound to the loopback address only: the port is not open on another address of this machine.
        var port = int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var others = (await Dns.GetHostAddressesAsync(Dns.GetHostName())).Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a)).ToList();
        foreach (var address in others)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await Assert.ThrowsAnyAsync<SocketException>(() => socket.ConnectAsync(address, port));
        }

        await stop.CancelAsync();
        Assert.Equal(0, await serving.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(line, stdout.ToString());
        Assert.Equal("", stderr.ToString());
    }

    [Fact]
    public async Task A_folder_that_is_not_a_workspace_or_a_port_in_use_is_a_usage_error()
    {
        using var temp = new TempFolder();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Assert.Equal(2, await TrackServeCommand.Serve(stdout, stderr, temp.Path, 0, noBrowser: true, CancellationToken.None));
        Assert.Contains("is not a track workspace", stderr.ToString(), StringComparison.Ordinal);

        var dir = Path.Combine(temp.Path, "ws");
        WorkspaceInit.Create(dir);
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        using var stderr2 = new StringWriter();
        Assert.Equal(2, await TrackServeCommand.Serve(stdout, stderr2, dir, port, noBrowser: true, CancellationToken.None));
        Assert.Contains($"cannot listen on 127.0.0.1:{port}", stderr2.ToString(), StringComparison.Ordinal);
        Assert.Equal("", stdout.ToString());
    }
}
