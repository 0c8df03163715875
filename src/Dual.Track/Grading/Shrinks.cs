using FsCheck;
using FsCheck.Fluent;

namespace Dual.Track.Grading;

/// <summary>
/// Values the graders generate and how FsCheck makes them smaller. Values are multiples of 0.01 so that a shrunk case
/// reads like one a person would pick (0, 1, -0.5); every shrink is strictly simpler (fewer decimals or smaller
/// magnitude), so shrinking ends.
/// </summary>
internal static class Shrinks
{
    /// <summary>Values in [−<paramref name="bound"/>, <paramref name="bound"/>] on the grid of 0.01 that shrinking keeps to.</summary>
    public static Gen<double> Hundredths(double bound)
    {
        var steps = (int)Math.Round(bound * 100);
        return Gen.Choose(-steps, steps).Select(i => i / 100.0);
    }

    /// <summary>Simpler values than <paramref name="value"/>: 0, its integer part, its tenths, half of it.</summary>
    public static IEnumerable<double> Simpler(double value)
    {
        var candidates = new[]
        {
            0.0,
            Math.Truncate(value),
            Math.Truncate(value * 10) / 10,
            Math.Truncate(value * 50) / 100,
        };
        var seen = new HashSet<double>();
        foreach (var candidate in candidates)
        {
            if (candidate != value && seen.Add(candidate) && Math.Abs(candidate) <= Math.Abs(value))
            {
                yield return candidate;
            }
        }
    }

    /// <summary>Copies of <paramref name="values"/> with one element made simpler.</summary>
    public static IEnumerable<double[]> OneSimpler(double[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            foreach (var smaller in Simpler(values[i]))
            {
                var copy = (double[])values.Clone();
                copy[i] = smaller;
                yield return copy;
            }
        }
    }

    /// <summary>
    /// A case's simpler copies, one field at a time: for each (field, copy-with) pair, the copies with one element of that
    /// field made simpler, in the order given.
    /// </summary>
    public static IEnumerable<T> EachOneSimpler<T>(params (double[] Values, Func<double[], T> With)[] fields) =>
        fields.SelectMany(f => OneSimpler(f.Values).Select(f.With));

    /// <summary>
    /// Simpler values than a large <paramref name="value"/> that stay at least <paramref name="edge"/> in magnitude, with
    /// its sign: the edge itself, halfway to it, one less. A failure that needs a large value shrinks to the smallest one.
    /// </summary>
    public static IEnumerable<double> TowardEdge(double value, double edge)
    {
        var sign = Math.Sign(value);
        var magnitude = Math.Abs(value);
        foreach (var smaller in new[] { edge, Math.Floor((magnitude + edge) / 2), magnitude - 1 }.Distinct())
        {
            if (smaller >= edge && smaller < magnitude)
            {
                yield return sign * smaller;
            }
        }
    }
}
