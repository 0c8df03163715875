using System.Globalization;

namespace Dual.Track.Grading;

/// <summary>Comparing and printing numbers the way every grader does.</summary>
internal static class Numbers
{
    /// <summary>Relative tolerance: the learner's loops and Dual's kernels sum in different orders.</summary>
    public const double RelativeTolerance = 1e-9;

    /// <summary>Absolute tolerance, for values near zero (a saturated sigmoid's derivative is ~1e-14).</summary>
    public const double AbsoluteTolerance = 1e-12;

    /// <summary>Whether <paramref name="got"/> is within tolerance of <paramref name="expected"/>; NaN and infinities never are (unless equal).</summary>
    public static bool Close(double expected, double got, double relative = RelativeTolerance, double absolute = AbsoluteTolerance)
    {
        if (double.IsNaN(got) || double.IsNaN(expected))
        {
            return false;
        }

        if (double.IsInfinity(got) || double.IsInfinity(expected))
        {
            return got == expected;
        }

        return Math.Abs(got - expected) <= absolute + relative * Math.Abs(expected);
    }

    /// <summary>A number as the shortest text that reads back to it.</summary>
    public static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A vector as <c>[1, 2.5, -3]</c>.</summary>
    public static string Text(IEnumerable<double> values) => "[" + string.Join(", ", values.Select(Text)) + "]";

    /// <summary>A matrix as <c>[[1, 2], [3, 4]]</c>.</summary>
    public static string Text(double[,] values)
    {
        var rows = Enumerable.Range(0, values.GetLength(0))
            .Select(i => Text(Enumerable.Range(0, values.GetLength(1)).Select(j => values[i, j])));
        return "[" + string.Join(", ", rows) + "]";
    }

    /// <summary>A hint for a non-finite value, or null when <paramref name="got"/> is finite.</summary>
    public static string? NonFiniteHint(double got) =>
        double.IsNaN(got) ? "your code returned NaN: look for 0/0, inf/inf or inf - inf (exp of a large number overflows to infinity)"
        : double.IsInfinity(got) ? "your code returned an infinity: exp of a number above ~709 overflows"
        : null;

    /// <summary>A matrix's values in row-major order.</summary>
    public static double[] Flatten(double[,] m)
    {
        var flat = new double[m.Length];
        var k = 0;
        foreach (var v in m)
        {
            flat[k++] = v;
        }

        return flat;
    }
}
