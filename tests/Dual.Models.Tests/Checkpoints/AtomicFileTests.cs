using System.Diagnostics;
using System.Net.Sockets;

namespace Dual.Models.Tests.Checkpoints;

/// <summary>
/// Atomic writes: only regular files are replaced (FIFOs, sockets and directories are refused and left as they were),
/// permissions are kept, symbolic links are followed to their target, and no temporary file outlives a write — not even
/// one left by a killed process. Everything happens inside the test's own temporary folder.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dual-atomic-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private string[] TemporaryFiles() => Directory.GetFiles(_dir, "*" + AtomicFile.TemporaryExtension);

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    [Fact]
    public void A_write_creates_then_replaces_a_regular_file_and_leaves_no_temporary_file()
    {
        var path = PathOf("a.txt");
        AtomicFile.WriteAllText(path, "one");
        AtomicFile.WriteAllText(path, "two");

        Assert.Equal("two", File.ReadAllText(path));
        Assert.Empty(TemporaryFiles());
    }

    [Fact]
    public void Replacing_a_file_keeps_its_permissions()
    {
        var path = PathOf("secret.txt");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        AtomicFile.WriteAllText(path, "new");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal("new", File.ReadAllText(path));
    }

    [Fact]
    public void A_fifo_is_refused_and_stays_a_fifo()
    {
        var path = PathOf("pipe");
        MakeFifo(path);

        var e = Assert.Throws<IOException>(() => AtomicFile.WriteAllText(path, "x"));

        Assert.Contains("named pipe", e.Message, StringComparison.Ordinal);
        Assert.Equal(FileKind.Fifo, AtomicFile.KindOf(path));
        Assert.Empty(TemporaryFiles());
    }

    [Fact]
    public void A_socket_and_a_directory_are_refused()
    {
        var socketPath = PathOf("sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        Directory.CreateDirectory(PathOf("folder"));

        Assert.Contains("a socket", Assert.Throws<IOException>(() => AtomicFile.WriteAllText(socketPath, "x")).Message, StringComparison.Ordinal);
        Assert.Contains("a directory", Assert.Throws<IOException>(() => AtomicFile.WriteAllText(PathOf("folder"), "x")).Message, StringComparison.Ordinal);
        Assert.Equal(FileKind.Socket, AtomicFile.KindOf(socketPath));
        Assert.Equal(FileKind.Directory, AtomicFile.KindOf(PathOf("folder")));
    }

    [Fact]
    public void A_symbolic_link_is_followed_and_stays_a_link()
    {
        var target = PathOf("real.txt");
        File.WriteAllText(target, "old");
        var link = PathOf("link.txt");
        File.CreateSymbolicLink(link, target);

        AtomicFile.WriteAllText(link, "new");

        Assert.Equal(FileKind.SymbolicLink, AtomicFile.KindOf(link));
        Assert.Equal("new", File.ReadAllText(target));
        Assert.Equal(target, AtomicFile.Target(link));
    }

    [Fact]
    public void Links_to_a_missing_file_to_a_fifo_and_in_a_loop_are_refused()
    {
        File.CreateSymbolicLink(PathOf("dangling"), PathOf("nowhere"));
        MakeFifo(PathOf("pipe"));
        File.CreateSymbolicLink(PathOf("to-pipe"), PathOf("pipe"));
        File.CreateSymbolicLink(PathOf("loop1"), PathOf("loop2"));
        File.CreateSymbolicLink(PathOf("loop2"), PathOf("loop1"));

        Assert.Contains("missing file", Assert.Throws<IOException>(() => AtomicFile.WriteAllText(PathOf("dangling"), "x")).Message, StringComparison.Ordinal);
        Assert.Contains("named pipe", Assert.Throws<IOException>(() => AtomicFile.WriteAllText(PathOf("to-pipe"), "x")).Message, StringComparison.Ordinal);
        Assert.Throws<IOException>(() => AtomicFile.WriteAllText(PathOf("loop1"), "x"));
        Assert.False(File.Exists(PathOf("nowhere")));
        Assert.Equal(FileKind.Fifo, AtomicFile.KindOf(PathOf("pipe")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void An_empty_path_is_refused(string path) =>
        Assert.Contains("empty", Assert.Throws<IOException>(() => AtomicFile.Target(path)).Message, StringComparison.Ordinal);

    [Fact]
    public void A_missing_folder_is_refused() =>
        Assert.Contains("does not exist", Assert.Throws<IOException>(() => AtomicFile.Target(PathOf("no/such/folder/x.txt"))).Message, StringComparison.Ordinal);

    [Fact]
    public void A_failing_write_leaves_the_old_file_and_no_temporary_file()
    {
        var path = PathOf("keep.txt");
        File.WriteAllText(path, "good");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write([1, 2, 3]);
            throw new InvalidOperationException("disk full, say");
        }));

        Assert.Equal("good", File.ReadAllText(path));
        Assert.Empty(TemporaryFiles());
    }

    [Fact]
    public void A_temporary_file_left_by_a_killed_process_is_removed_by_the_next_write_and_a_live_ones_is_kept()
    {
        int deadPid;
        using (var finished = Process.Start("true"))
        {
            finished.WaitForExit();
            deadPid = finished.Id;
        }

        using var alive = Process.Start("sleep", ["30"]);
        try
        {
            var stale = PathOf($".model.safetensors.{deadPid}-0badf00d{AtomicFile.TemporaryExtension}");
            var inFlight = PathOf($".model.safetensors.{alive.Id}-12345678{AtomicFile.TemporaryExtension}");
            var other = PathOf($".other.safetensors.{deadPid}-0badf00d{AtomicFile.TemporaryExtension}");
            foreach (var file in new[] { stale, inFlight, other }) File.WriteAllText(file, "half a checkpoint");

            AtomicFile.WriteAllText(PathOf("model.safetensors"), "whole");

            Assert.False(File.Exists(stale));
            Assert.True(File.Exists(inFlight));
            Assert.True(File.Exists(other));
        }
        finally
        {
            alive.Kill();
        }
    }

    [Fact]
    public void Reading_a_checkpoint_from_a_fifo_is_refused_without_blocking()
    {
        var path = PathOf("pipe.safetensors");
        MakeFifo(path);

        var e = Assert.Throws<CheckpointException>(() => SafeTensors.Load(path));

        Assert.Contains("not a regular file", e.Message, StringComparison.Ordinal);
    }
}
