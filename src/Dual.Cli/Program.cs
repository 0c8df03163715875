namespace Dual.Cli;

/// <summary>The entry point of the <c>dual</c> tool: runs <see cref="App"/> on the process's console.</summary>
internal static class Program
{
    private static int Main(string[] args) => App.Run(args, Console.Out, Console.Error);
}
