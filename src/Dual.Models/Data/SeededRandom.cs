using MathNet.Numerics.Random;

namespace Dual.Models;

/// <summary>
/// Seeded generators for data: MathNet's Mersenne Twister, whose sequence is fixed for a seed on
/// every machine and .NET version (System.Random's algorithm is not promised to stay the same).
/// </summary>
internal static class SeededRandom
{
    /// <summary>A generator seeded with <paramref name="seed"/>.</summary>
    public static System.Random Create(int seed) => new MersenneTwister(seed, threadSafe: false);

    /// <summary>
    /// A generator for step <paramref name="step"/> of a run seeded with <paramref name="seed"/>:
    /// seeded by a 64-bit FNV-1a hash of both, so any step's batch can be drawn on its own.
    /// </summary>
    public static System.Random ForStep(int seed, int step)
    {
        const ulong prime = 1099511628211UL;
        var hash = 14695981039346656037UL;
        foreach (var b in BitConverter.GetBytes(seed)) hash = (hash ^ b) * prime;
        foreach (var b in BitConverter.GetBytes(step)) hash = (hash ^ b) * prime;
        return Create((int)(hash ^ (hash >> 32)));
    }

    /// <summary>A Fisher–Yates shuffle of a copy of <paramref name="items"/>.</summary>
    public static T[] Shuffle<T>(IEnumerable<T> items, System.Random random)
    {
        var array = items.ToArray();
        for (var i = array.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (array[i], array[j]) = (array[j], array[i]);
        }
        return array;
    }
}
