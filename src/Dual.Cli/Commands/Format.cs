using System.Globalization;

namespace Dual.Cli.Commands;

/// <summary>Culture-independent number formatting for everything the CLI prints.</summary>
internal static class Format
{
    /// <summary>Round-trip precision: parsing the text gives back the same double.</summary>
    public static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A short scientific form for errors and tolerances, e.g. <c>1.23e-10</c>.</summary>
    public static string Sci(double value) =>
        double.IsFinite(value) ? value.ToString("0.00e+00", CultureInfo.InvariantCulture) : R(value);

    /// <summary>Four decimals, for losses in progress lines, e.g. <c>2.6497</c>.</summary>
    public static string Fixed(double value) =>
        double.IsFinite(value) ? value.ToString("0.0000", CultureInfo.InvariantCulture) : R(value);

    /// <summary>Seconds with two decimals, e.g. <c>1.73</c>.</summary>
    public static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
}
