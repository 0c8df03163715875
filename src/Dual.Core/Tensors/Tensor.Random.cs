using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace Dual;

public sealed partial class Tensor
{
    /// <summary>
    /// Values drawn from N(<paramref name="mean"/>, <paramref name="std"/>²). The generator is
    /// MathNet's Mersenne Twister seeded with <paramref name="seed"/>, so a seed gives the same
    /// numbers on every machine and .NET version.
    /// </summary>
    public static Tensor RandomNormal(Shape shape, int seed, double mean = 0.0, double std = 1.0)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (!(std >= 0) || !double.IsFinite(std)) throw new ArgumentOutOfRangeException(nameof(std), "Standard deviation must be finite and non-negative.");
        var data = new double[shape.Size];
        if (std == 0) Array.Fill(data, mean);
        else Normal.Samples(new MersenneTwister(seed, threadSafe: false), data, mean, std);
        return new(shape, data);
    }

    /// <summary>Values drawn uniformly from [<paramref name="low"/>, <paramref name="high"/>), seeded as <see cref="RandomNormal"/>.</summary>
    public static Tensor RandomUniform(Shape shape, int seed, double low = 0.0, double high = 1.0)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (!(high >= low) || !double.IsFinite(low) || !double.IsFinite(high))
            throw new ArgumentOutOfRangeException(nameof(high), $"Need finite low <= high, got [{low}, {high}).");
        var data = new double[shape.Size];
        var rng = new MersenneTwister(seed, threadSafe: false);
        for (var i = 0; i < data.Length; i++) data[i] = low + (high - low) * rng.NextDouble();
        return new(shape, data);
    }
}
