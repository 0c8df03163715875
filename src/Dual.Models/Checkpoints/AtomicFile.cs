using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Dual.Models;

/// <summary>
/// Writes files so that a reader, a crash or a full disk never sees a half-written one: the bytes go to a temporary
/// file beside the target (<c>.&lt;name&gt;.&lt;pid&gt;-&lt;random&gt;.dual-tmp</c>), are flushed to disk, and the temporary file is
/// renamed over the target. The policy, for every file Dual writes (docs/decisions/0010-output-files.md):
/// <list type="bullet">
/// <item>only a regular file is replaced: a directory, a FIFO, a device or a socket is refused (an <see cref="IOException"/>) and left alone;</item>
/// <item>a symbolic link is followed to its final target, which is written atomically; the link stays a link. A link to a
/// missing file, or a loop of links, is refused;</item>
/// <item>the replaced file's permissions are kept (a new file gets the process's default);</item>
/// <item>the temporary file is deleted on every exit path the process controls (an exception, and, in the <c>dual</c>
/// tool, Ctrl+C and SIGTERM through <see cref="DeletePendingTemporaryFiles"/>); a temporary file left by a killed process
/// is deleted by the next write to the same target.</item>
/// </list>
/// </summary>
public static class AtomicFile
{
    /// <summary>The extension of temporary files.</summary>
    public const string TemporaryExtension = ".dual-tmp";

    private static readonly ConcurrentDictionary<string, byte> Pending = new(StringComparer.Ordinal);

    /// <summary>
    /// Writes what <paramref name="write"/> puts into the stream to <paramref name="path"/> atomically (see the class remarks).
    /// When <paramref name="write"/> throws, the target is untouched and the temporary file deleted.
    /// </summary>
    /// <exception cref="IOException">The target cannot be written: it is not a regular file, its folder is missing, the disk is full…</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var target = Target(path);
        var folder = Path.GetDirectoryName(target)!;
        var name = Path.GetFileName(target);
        DeleteStaleTemporaryFiles(folder, name);
        var temp = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture,
            $".{name}.{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}{TemporaryExtension}"));
        Pending[temp] = 0;
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                if (!OperatingSystem.IsWindows() && KindOf(target) == FileKind.Regular)
                {
                    File.SetUnixFileMode(stream.SafeFileHandle, File.GetUnixFileMode(target));
                }

                write(stream);
                stream.Flush(flushToDisk: true);
            }

            // Checked again at the last moment: the target may have been replaced while we wrote.
            RequireReplaceable(target, KindOf(target), path);
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            TryDelete(temp);
            Pending.TryRemove(temp, out _);
        }
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    /// <exception cref="IOException">The target cannot be written (see <see cref="Write"/>).</exception>
    public static void WriteAllBytes(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Write(path, stream => stream.Write(bytes));
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 (no byte-order mark) to <paramref name="path"/> atomically.</summary>
    /// <exception cref="IOException">The target cannot be written (see <see cref="Write"/>).</exception>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        WriteAllBytes(path, new UTF8Encoding(false).GetBytes(text));
    }

    /// <summary>
    /// The full path a write to <paramref name="path"/> would replace: the path itself or, for a symbolic link, its final
    /// target. Checks that it can be written: a regular file or nothing, in an existing folder that accepts new files.
    /// </summary>
    /// <exception cref="IOException">The path is empty, names a directory or another non-regular file, a link to a missing file or a loop, or its folder does not exist.</exception>
    public static string Target(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new IOException("The output path is empty.");
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new IOException($"'{path}' is not a valid path: {e.Message}", e);
        }

        var kind = KindOf(full);
        if (kind == FileKind.SymbolicLink)
        {
            FileSystemInfo? final;
            try
            {
                final = File.ResolveLinkTarget(full, returnFinalTarget: true);
            }
            catch (IOException e)
            {
                throw new IOException($"'{path}' is a symbolic link that cannot be followed: {e.Message}", e);
            }

            if (final is null || KindOf(final.FullName) == FileKind.Missing)
                throw new IOException($"'{path}' is a symbolic link to a missing file{(final is null ? "" : $" ('{final.FullName}')")}; refusing to create a file through it.");
            full = final.FullName;
            kind = KindOf(full);
        }

        RequireReplaceable(full, kind, path);
        var folder = Path.GetDirectoryName(full);
        if (folder is null || KindOf(folder) != FileKind.Directory && !Directory.Exists(folder))
            throw new IOException($"'{path}': the folder '{folder}' does not exist.");
        if (NativeMethods.CanCreateIn(folder) == false)
            throw new IOException($"'{path}': the folder '{folder}' is not writable (permissions or a read-only file system).");
        return full;
    }

    /// <summary>What <paramref name="path"/> names, without following a final symbolic link.</summary>
    public static FileKind KindOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (NativeMethods.LStatKind(path) is { } kind) return kind;
        var info = new FileInfo(path);
        if (info.LinkTarget is not null) return FileKind.SymbolicLink;
        if (Directory.Exists(path)) return FileKind.Directory;
        return info.Exists ? FileKind.Regular : FileKind.Missing;
    }

    /// <summary>
    /// Deletes the temporary files of writes still in progress in this process. The <c>dual</c> tool calls it when
    /// interrupted (Ctrl+C, SIGTERM) before the process ends; the interrupted writes then fail and leave their targets as they were.
    /// </summary>
    public static void DeletePendingTemporaryFiles()
    {
        foreach (var temp in Pending.Keys) TryDelete(temp);
    }

    private static void RequireReplaceable(string full, FileKind kind, string asGiven)
    {
        var what = kind switch
        {
            FileKind.Missing or FileKind.Regular => null,
            FileKind.Directory => "a directory",
            FileKind.Fifo => "a named pipe (FIFO)",
            FileKind.CharacterDevice => "a character device",
            FileKind.BlockDevice => "a block device",
            FileKind.Socket => "a socket",
            FileKind.SymbolicLink => "a symbolic link",
            _ => "not a regular file",
        };
        if (what is not null)
            throw new IOException($"'{asGiven}'{(full == Path.GetFullPath(asGiven) ? "" : $" (resolved to '{full}')")} is {what}; Dual writes only regular files and leaves it alone.");
    }

    // Temporary files of this target whose process is gone: left by a run that was killed mid-write.
    private static void DeleteStaleTemporaryFiles(string folder, string name)
    {
        var prefix = $".{name}.";
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateFiles(folder, $"{prefix}*{TemporaryExtension}").ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var file in candidates)
        {
            var middle = Path.GetFileName(file)[prefix.Length..^TemporaryExtension.Length];
            var dash = middle.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && int.TryParse(middle.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && pid != Environment.ProcessId && !IsRunning(pid) && KindOf(file) == FileKind.Regular)
            {
                TryDelete(file);
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return false;
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            if (KindOf(file) == FileKind.Regular) File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the next write to the same target deletes it.
        }
    }
}
