using System.Globalization;

namespace Dual.Bench;

/// <summary>Prints result lines in the peer format: <c>ID dual dtype key=value ...</c>.</summary>
internal static class Report
{
    public static void Line(string id, string dtype, params (string Key, double Value)[] fields) =>
        Line(id, "dual", dtype, fields);

    public static void Line(string id, string impl, string dtype, params (string Key, double Value)[] fields) =>
        Console.WriteLine($"{id} {impl} {dtype} " + string.Join(" ", fields.Select(f => $"{f.Key}={Format(f.Key, f.Value)}")));

    public static void Comment(string text) => Console.WriteLine("# " + text);

    // Timings to four decimals, rates to one; everything else (losses, gradients, sizes) at round-trip precision.
    private static string Format(string key, double v) =>
        key.EndsWith("_us", StringComparison.Ordinal) || key.EndsWith("_ms", StringComparison.Ordinal) || key.EndsWith("_ns", StringComparison.Ordinal) || key.EndsWith("_s", StringComparison.Ordinal)
            ? v.ToString("0.0000", CultureInfo.InvariantCulture)
            : key == "gflops" || key.EndsWith("_kb_per_step", StringComparison.Ordinal)
                ? v.ToString("0.0", CultureInfo.InvariantCulture)
                : v.ToString("R", CultureInfo.InvariantCulture);
}
