using MathNet.Numerics.Random;

namespace Dual;

/// <summary>
/// A stream of small non-negative integers from which a check case draws its shapes and
/// options. Property tests supply the stream from FsCheck, whose shrinking makes the numbers
/// (and so the shapes) smaller; the CLI supplies a seeded one. An exhausted stream yields the
/// smallest choice, so every prefix is a valid (smaller) case.
/// </summary>
public sealed class Choices
{
    private readonly int[] _values;
    private int _next;

    /// <summary>A stream over the given values (negative values count as their absolute value).</summary>
    public Choices(IEnumerable<int> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = values.Select(v => v == int.MinValue ? 0 : Math.Abs(v)).ToArray();
    }

    /// <summary>A reproducible stream of 64 values from MathNet's Mersenne Twister.</summary>
    public static Choices Random(int seed)
    {
        var rng = new MersenneTwister(seed);
        return new Choices(Enumerable.Range(0, 64).Select(_ => rng.Next(0, 1 << 16)));
    }

    /// <summary>The next choice in <c>[min, max]</c> (both inclusive).</summary>
    public int Next(int min, int max)
    {
        if (max < min) throw new ArgumentOutOfRangeException(nameof(max), $"Empty range [{min}, {max}].");
        var v = _next < _values.Length ? _values[_next] : 0;
        _next++;
        return min + v % (max - min + 1);
    }

    /// <summary>A choice of one of the items.</summary>
    public T OneOf<T>(params T[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items[Next(0, items.Length - 1)];
    }

    /// <summary>A shape of rank in <c>[minRank, maxRank]</c> with dimensions in <c>[1, maxDim]</c>.</summary>
    public Shape Shape(int minRank = 0, int maxRank = 4, int maxDim = 3)
    {
        var rank = Next(minRank, maxRank);
        var dims = new int[rank];
        for (var i = 0; i < rank; i++) dims[i] = Next(1, maxDim);
        return Dual.Shape.Create(dims);
    }

    /// <summary>A pair of shapes that broadcast together (some axes of one set to 1 or dropped).</summary>
    public (Shape A, Shape B) BroadcastPair(int maxRank = 4, int maxDim = 3)
    {
        var full = Shape(0, maxRank, maxDim);
        return (Thin(full), Thin(full));

        Shape Thin(Shape s)
        {
            var drop = Next(0, s.Rank);
            var dims = s.Dims[drop..].ToArray();
            for (var i = 0; i < dims.Length; i++)
                if (Next(0, 3) == 0) dims[i] = 1;
            return Dual.Shape.Create(dims);
        }
    }

    /// <summary>A non-empty, sorted set of distinct axes of a shape of the given rank.</summary>
    public int[] Axes(int rank)
    {
        if (rank == 0) return [];
        var axes = Enumerable.Range(0, rank).Where(_ => Next(0, 1) == 1).ToList();
        if (axes.Count == 0) axes.Add(Next(0, rank - 1));
        return axes.ToArray();
    }

    /// <summary>A permutation of <c>0 … n−1</c>.</summary>
    public int[] Permutation(int n)
    {
        var items = Enumerable.Range(0, n).ToList();
        var perm = new int[n];
        for (var i = 0; i < n; i++)
        {
            var k = Next(0, items.Count - 1);
            perm[i] = items[k];
            items.RemoveAt(k);
        }
        return perm;
    }
}
