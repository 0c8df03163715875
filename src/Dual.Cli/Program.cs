using System.Runtime.InteropServices;
using Dual.Models;

namespace Dual.Cli;

/// <summary>The entry point of the <c>dual</c> tool: runs <see cref="App"/> on the process's console.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        // Ctrl+C, SIGTERM, SIGHUP: delete the temporary file of a save in progress before the process ends (the
        // target keeps its old contents). The signal's default action, ending the process, follows.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => AtomicFile.DeletePendingTemporaryFiles());
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => AtomicFile.DeletePendingTemporaryFiles());
        using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, _ => AtomicFile.DeletePendingTemporaryFiles());
        return App.Run(args, Console.Out, Console.Error);
    }
}
