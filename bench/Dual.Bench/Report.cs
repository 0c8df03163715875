using System.Globalization;

namespace Dual.Bench;

/// <summary>Prints result lines in the peer format: <c>ID dual dtype key=value ...</c>.</summary>
internal static class Report
{
    public static void Line(string id, string dtype, params (string Key, double Value)[] fields) =>
        Console.WriteLine($"{id} dual {dtype} " + string.Join(" ", fields.Select(f => $"{f.Key}={Format(f.Value)}")));

    public static void Comment(string text) => Console.WriteLine("# " + text);

    private static string Format(double v) =>
        Math.Abs(v) >= 1e-3 && Math.Abs(v) < 1e6 && Math.Round(v) != v
            ? v.ToString("0.####", CultureInfo.InvariantCulture)
            : v.ToString("R", CultureInfo.InvariantCulture);
}
