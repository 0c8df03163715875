using Spectre.Console;

namespace Dual.Cli.Commands;

/// <summary>Spectre.Console output for a command's writer: rich when it is the real terminal, plain text otherwise.</summary>
internal static class Terminal
{
    /// <summary>Width used when the output is not a terminal, so tables never wrap oddly.</summary>
    public const int RedirectedWidth = 120;

    /// <summary>Whether <paramref name="stdout"/> is the process's console and not redirected.</summary>
    public static bool IsTerminal(TextWriter stdout) => ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;

    /// <summary>A Spectre console writing to <paramref name="stdout"/>: no colours, no animation and a fixed width unless it is the terminal.</summary>
    public static IAnsiConsole Create(TextWriter stdout)
    {
        var isTerminal = IsTerminal(stdout);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!isTerminal)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
