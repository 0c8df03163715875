using MathNet.Numerics.Random;

namespace Dual;

/// <summary>
/// Draws a parameter's initial value. <paramref name="random"/> is a generator seeded for this
/// parameter alone (from the model seed and the parameter's path), so values do not depend on
/// what else the model declares.
/// </summary>
/// <param name="shape">The parameter's shape.</param>
/// <param name="random">This parameter's own generator.</param>
public delegate Tensor Initializer(Shape shape, System.Random random);

/// <summary>Standard initialisers. For a weight of shape <c>[fanIn, fanOut]</c> (used as <c>x·W</c>), fan-in is the first axis and fan-out the last.</summary>
public static class Init
{
    /// <summary>All zeros (biases, and what should start neutral).</summary>
    public static Initializer Zeros { get; } = (shape, _) => Tensor.Zeros(shape);

    /// <summary>All ones (norm gains).</summary>
    public static Initializer Ones { get; } = (shape, _) => Tensor.Ones(shape);

    /// <summary>Normal with mean 0 and the given standard deviation.</summary>
    public static Initializer Normal(double std) => (shape, random) => Sample(shape, random, r => MathNet.Numerics.Distributions.Normal.Sample(r, 0, std));

    /// <summary>Uniform in [low, high).</summary>
    public static Initializer Uniform(double low, double high) => (shape, random) => Sample(shape, random, r => low + (high - low) * r.NextDouble());

    /// <summary>Xavier/Glorot uniform: U(±√(6 / (fanIn + fanOut))), for tanh and sigmoid layers.</summary>
    public static Initializer Xavier { get; } = (shape, random) =>
    {
        var (fanIn, fanOut) = Fans(shape);
        var a = Math.Sqrt(6.0 / (fanIn + fanOut));
        return Uniform(-a, a)(shape, random);
    };

    /// <summary>Kaiming/He normal: N(0, 2 / fanIn), for ReLU layers.</summary>
    public static Initializer Kaiming { get; } = (shape, random) => Normal(Math.Sqrt(2.0 / Fans(shape).FanIn))(shape, random);

    /// <summary>GPT-2 style: N(0, 0.02²), or for residual projections N(0, (0.02/√(2·layers))²).</summary>
    public static Initializer Gpt2(int residualLayers = 0) =>
        Normal(residualLayers > 0 ? 0.02 / Math.Sqrt(2.0 * residualLayers) : 0.02);

    /// <summary>Always the given tensor (its shape must match): for loading known weights.</summary>
    public static Initializer From(Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return (shape, _) => value.Shape == shape ? value
            : throw new ShapeException($"Init.From: the value has shape {value.Shape}, the parameter {shape}.");
    }

    private static (int FanIn, int FanOut) Fans(Shape shape) => shape.Rank switch
    {
        0 => (1, 1),
        1 => (shape[0], shape[0]),
        _ => (shape.Size / shape[^1], shape[^1]),
    };

    private static Tensor Sample(Shape shape, System.Random random, Func<System.Random, double> draw) =>
        Tensor.Generate(shape, _ => draw(random));

    /// <summary>
    /// The generator for one parameter: MathNet's Mersenne Twister seeded from a stable 64-bit
    /// FNV-1a hash of the model seed and the path (never <c>string.GetHashCode</c>, which changes per process).
    /// </summary>
    internal static System.Random RandomFor(int seed, string path)
    {
        const ulong prime = 1099511628211UL;
        var hash = 14695981039346656037UL;
        foreach (var b in BitConverter.GetBytes(seed)) hash = (hash ^ b) * prime;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(path)) hash = (hash ^ b) * prime;
        return new MersenneTwister((int)(hash ^ (hash >> 32)), threadSafe: false);
    }
}
