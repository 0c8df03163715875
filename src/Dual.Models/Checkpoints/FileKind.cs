namespace Dual.Models;

/// <summary>What a path names on disk, without following a symbolic link (see <see cref="AtomicFile.KindOf"/>).</summary>
public enum FileKind
{
    /// <summary>Nothing exists there.</summary>
    Missing,

    /// <summary>A regular file: the only kind Dual reads data from or writes over.</summary>
    Regular,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A symbolic link (followed to its target by <see cref="AtomicFile"/>).</summary>
    SymbolicLink,

    /// <summary>A named pipe (FIFO).</summary>
    Fifo,

    /// <summary>A character device (such as a terminal or the null device).</summary>
    CharacterDevice,

    /// <summary>A block device (a disk).</summary>
    BlockDevice,

    /// <summary>A Unix domain socket.</summary>
    Socket,

    /// <summary>Something else that exists but is not a regular file, a directory or a link.</summary>
    Other,
}
