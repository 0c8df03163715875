using MathNet.Numerics.Distributions;

namespace Dual.Models;

/// <summary>
/// Small seeded classification data sets. Every random draw comes from MathNet's Mersenne Twister
/// seeded with the given seed, so a seed gives the same points on every machine.
/// </summary>
public static class Datasets
{
    /// <summary>
    /// XOR: the four points (0,0), (0,1), (1,0), (1,1) in that order, labelled by
    /// <c>x₁ xor x₂</c>: classes 0, 1, 1, 0 (−1, +1, +1, −1 with <see cref="LabelEncoding.PlusMinusOne"/>).
    /// </summary>
    public static LabeledData Xor(LabelEncoding labels = LabelEncoding.PlusMinusOne)
    {
        var inputs = Tensor.FromRows([0, 0], [0, 1], [1, 0], [1, 1]);
        return new LabeledData(inputs, Encode([0, 1, 1, 0], labels), 2);
    }

    /// <summary>
    /// Two interleaving half circles, as scikit-learn's <c>make_moons</c>: the first
    /// <c>count/2</c> points (rounded down) lie on the upper moon <c>(cos θ, sin θ)</c> (class 0),
    /// the rest on the lower moon <c>(1 − cos θ, 0.5 − sin θ)</c> (class 1), θ evenly spaced over
    /// [0, π]. The points are then shuffled, and Gaussian noise with standard deviation
    /// <paramref name="noise"/> is added to every coordinate (both draws from one generator seeded
    /// with <paramref name="seed"/>, in that order). Labels: −1/+1 or 0/1 per <paramref name="labels"/>.
    /// </summary>
    public static LabeledData Moons(int count, double noise, int seed, LabelEncoding labels = LabelEncoding.PlusMinusOne)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 2);
        CheckNoise(noise);
        var outer = count / 2;
        var inner = count - outer;
        var points = new List<(double X, double Y, int Class)>(count);
        for (var i = 0; i < outer; i++)
        {
            var theta = Spaced(0, Math.PI, i, outer);
            points.Add((Math.Cos(theta), Math.Sin(theta), 0));
        }
        for (var i = 0; i < inner; i++)
        {
            var theta = Spaced(0, Math.PI, i, inner);
            points.Add((1 - Math.Cos(theta), 0.5 - Math.Sin(theta), 1));
        }

        var random = SeededRandom.Create(seed);
        var shuffled = SeededRandom.Shuffle(points, random);
        var inputs = new double[2 * count];
        for (var i = 0; i < count; i++)
        {
            inputs[2 * i] = shuffled[i].X + (noise > 0 ? Normal.Sample(random, 0, noise) : 0);
            inputs[2 * i + 1] = shuffled[i].Y + (noise > 0 ? Normal.Sample(random, 0, noise) : 0);
        }
        return new LabeledData(Tensor.FromArray(Shape.Of(count, 2), inputs), Encode(shuffled.Select(p => p.Class), labels), 2);
    }

    /// <summary>
    /// <paramref name="classes"/> interleaved spiral arms (the CS231n data set), not shuffled:
    /// for class j and point i of n = <paramref name="pointsPerClass"/>, radius <c>r = i/(n − 1)</c>
    /// and angle <c>t = 4j + 4i/(n − 1) + noise·N(0, 1)</c>; the point is <c>(r·sin t, r·cos t)</c>
    /// and its label is the class index j (0 … classes − 1). Rows are grouped by class.
    /// </summary>
    public static LabeledData Spirals(int pointsPerClass, int classes, double noise = 0.2, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pointsPerClass, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        CheckNoise(noise);
        var random = SeededRandom.Create(seed);
        var count = pointsPerClass * classes;
        var inputs = new double[2 * count];
        var labels = new double[count];
        for (var j = 0; j < classes; j++)
        {
            for (var i = 0; i < pointsPerClass; i++)
            {
                var row = j * pointsPerClass + i;
                var r = Spaced(0, 1, i, pointsPerClass);
                var t = Spaced(4.0 * j, 4.0 * (j + 1), i, pointsPerClass) + (noise > 0 ? noise * Normal.Sample(random, 0, 1) : 0);
                inputs[2 * row] = r * Math.Sin(t);
                inputs[2 * row + 1] = r * Math.Cos(t);
                labels[row] = j;
            }
        }
        return new LabeledData(Tensor.FromArray(Shape.Of(count, 2), inputs), Tensor.Vector(labels), classes);
    }

    // The i-th of n evenly spaced values from start to end inclusive (NumPy's linspace).
    private static double Spaced(double start, double end, int i, int n) => n == 1 ? start : start + (end - start) * i / (n - 1);

    private static Tensor Encode(IEnumerable<int> classes, LabelEncoding labels) =>
        Tensor.Vector(classes.Select(c => labels switch
        {
            LabelEncoding.PlusMinusOne => c == 0 ? -1.0 : 1.0,
            LabelEncoding.ZeroOne => c,
            _ => throw new ArgumentOutOfRangeException(nameof(labels), labels, "Unknown label encoding."),
        }).ToArray());

    private static void CheckNoise(double noise)
    {
        if (!(double.IsFinite(noise) && noise >= 0))
            throw new ArgumentException($"The noise standard deviation must be finite and >= 0; got {noise}.", nameof(noise));
    }
}
