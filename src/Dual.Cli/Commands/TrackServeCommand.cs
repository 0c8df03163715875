using System.CommandLine;
using System.Diagnostics;
using System.Net.Sockets;
using Dual.Track;
using Dual.Track.Web;

namespace Dual.Cli.Commands;

/// <summary>
/// <c>dual track serve [--dir DIR] [--port P] [--no-browser]</c>: the track in the browser, on 127.0.0.1 only. Prints one
/// line, a contract: <c>serving http://127.0.0.1:PORT/?token=TOKEN</c>; then opens the browser unless
/// <c>--no-browser</c>, and serves until Ctrl+C. A folder that is not a workspace, or a port in use: exit 2.
/// </summary>
internal static class TrackServeCommand
{
    /// <summary>Builds the command; the address goes to <paramref name="stdout"/>, errors to <paramref name="stderr"/>.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var dir = new Option<string>("--dir") { Description = "The workspace folder (default: the current folder).", DefaultValueFactory = _ => "." };
        var port = new Option<int>("--port") { Description = "The port on 127.0.0.1 (default: a free one).", DefaultValueFactory = _ => 0 };
        port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                result.AddError("--port must be between 0 and 65535");
            }
        });
        var noBrowser = new Option<bool>("--no-browser") { Description = "Do not open the browser; only print the address." };
        var command = new Command("serve", "Open the track in your browser: chapter, your code, the checks and pictures, updated as you save.");
        command.Options.Add(dir);
        command.Options.Add(port);
        command.Options.Add(noBrowser);
        command.SetAction((parseResult, cancellationToken) =>
            Serve(stdout, stderr, parseResult.GetValue(dir)!, parseResult.GetValue(port), parseResult.GetValue(noBrowser), cancellationToken));
        return command;
    }

    /// <summary>Serves until Ctrl+C or <paramref name="cancellationToken"/>; exit 2 when the folder is not a workspace or the port is taken.</summary>
    public static async Task<int> Serve(TextWriter stdout, TextWriter stderr, string dir, int port, bool noBrowser, CancellationToken cancellationToken)
    {
        TrackServer server;
        try
        {
            server = TrackServer.Create(new TrackServerOptions { WorkspaceDirectory = dir, Port = port });
        }
        catch (WorkspaceException e)
        {
            await stderr.WriteLineAsync($"dual track serve: {e.Message}").ConfigureAwait(false);
            return App.UsageError;
        }

        await using (server.ConfigureAwait(false))
        {
            try
            {
                await server.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e) when (e.InnerException is SocketException || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await stderr.WriteLineAsync($"dual track serve: cannot listen on 127.0.0.1:{port}: {e.Message}; pick another --port").ConfigureAwait(false);
                return App.UsageError;
            }

            await stdout.WriteLineAsync($"serving {server.Address}").ConfigureAwait(false);
            await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (!noBrowser)
            {
                OpenBrowser(server.Address, stderr);
            }

            // Ctrl+C: the host's console lifetime stops the app; the command line's token (tests, embedding) does too.
            await server.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
    }

    private static void OpenBrowser(Uri address, TextWriter stderr)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(address.ToString()) { UseShellExecute = true });
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            stderr.WriteLine($"dual track serve: could not open a browser ({e.Message}); open the address above yourself");
        }
    }
}
