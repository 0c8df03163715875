using System.Runtime.InteropServices;

namespace Dual.Models;

/// <summary>
/// lstat(2) through .NET's own portable native shim (<c>libSystem.Native</c>, shipped with every .NET runtime on Unix):
/// the BCL does not say whether a path is a FIFO, a device or a socket, and writing over one of those must be refused.
/// </summary>
internal static class NativeMethods
{
    // The file-type bits of the shim's FileStatus.Mode (pal_io.h): the same values on every Unix.
    private const int TypeMask = 0xF000;
    private const int Fifo = 0x1000;
    private const int CharacterDevice = 0x2000;
    private const int Directory = 0x4000;
    private const int BlockDevice = 0x6000;
    private const int Regular = 0x8000;
    private const int SymbolicLink = 0xA000;
    private const int Socket = 0xC000;

    /// <summary>The kind of <paramref name="path"/> (not following a final symbolic link), or null when it cannot be told on this platform.</summary>
    public static FileKind? LStatKind(string path)
    {
        if (OperatingSystem.IsWindows()) return null;
        try
        {
            if (SystemNativeLStat(path, out var status) != 0) return null;
            return (status.Mode & TypeMask) switch
            {
                Regular => FileKind.Regular,
                Directory => FileKind.Directory,
                SymbolicLink => FileKind.SymbolicLink,
                Fifo => FileKind.Fifo,
                CharacterDevice => FileKind.CharacterDevice,
                BlockDevice => FileKind.BlockDevice,
                Socket => FileKind.Socket,
                _ => FileKind.Other,
            };
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Whether this process may create files in <paramref name="folder"/> (access(2) with W_OK and X_OK: permissions and read-only file systems), or null when it cannot be told.</summary>
    public static bool? CanCreateIn(string folder)
    {
        if (OperatingSystem.IsWindows()) return null;
        try
        {
            return SystemNativeAccess(folder, WriteAccess | SearchAccess) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    // The shim's access modes (pal_io.h).
    private const int SearchAccess = 1;
    private const int WriteAccess = 2;

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Access", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SystemNativeAccess([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode);

    // The shim's FileStatus begins with Flags and Mode (int32 each); the rest (sizes, times, ids) is not read. The struct
    // is given ample room so that a future shim with more fields cannot write past it.
    [StructLayout(LayoutKind.Sequential, Size = 512)]
    private struct FileStatus
    {
        public int Flags;
        public int Mode;
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SystemNativeLStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, out FileStatus status);
}
