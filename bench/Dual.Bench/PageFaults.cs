namespace Dual.Bench;

/// <summary>
/// The process's minor page faults so far (Linux: field 10 of /proc/self/stat; 0 elsewhere). A step that
/// touches memory the process has not used before pays one fault per 4 KiB page, which on this VM costs
/// microseconds: allocation through fresh heap shows here before it shows in the GC counts.
/// </summary>
internal static class PageFaults
{
    public static long Minor()
    {
        if (!OperatingSystem.IsLinux()) return 0;
        var stat = File.ReadAllText("/proc/self/stat");
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[10 - 3], System.Globalization.CultureInfo.InvariantCulture);
    }
}
