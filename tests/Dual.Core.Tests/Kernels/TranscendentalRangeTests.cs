using System.Numerics.Tensors;
using Dual.Kernels;
using MathNet.Numerics.Random;

namespace Dual.Tests.Kernels;

/// <summary>
/// exp, tanh and log give every value inside their range [low, high] (bounds included) the bits of TensorPrimitives'
/// vector function and every value outside it (NaN included) the bits of Math's scalar function, whatever sits beside
/// it. The inputs are values where the two functions round differently, found at run time, so the test tells them apart.
/// </summary>
public class TranscendentalRangeTests
{
    private delegate void Map(ReadOnlySpan<double> x, Span<double> y);

    // Below and Above hold finite values only, so a range check on the largest magnitude alone would let "below" through
    // (log's range is not symmetric); ±∞ and NaN come in the mix of both.
    private sealed record Function(string Name, Map Kernel, Map Vector, Func<double, double> Scalar, double Low, double High,
        Func<MersenneTwister, double> Draw, double[] Below, double[] Above);

    private static readonly Function[] Functions =
    [
        new("exp", Elementwise.Exp, TensorPrimitives.Exp, Math.Exp, -700, 700, r => -700 + 1400 * r.NextDouble(),
            [Math.BitDecrement(-700), -709, -746, -1e9],
            [Math.BitIncrement(700), 709, 1e9]),
        new("tanh", Elementwise.Tanh, TensorPrimitives.Tanh, Math.Tanh, -20, 20, r => -20 + 40 * r.NextDouble(),
            [Math.BitDecrement(-20), -400, -1e9],
            [Math.BitIncrement(20), 400, 1e9]),
        new("log", Elementwise.Log, TensorPrimitives.Log, Math.Log, 1e-300, 1e300, r => 1000 * r.NextDouble(),
            [Math.BitDecrement(1e-300), 1e-310, 0.0, -0.0, -1, -1e9],
            [Math.BitIncrement(1e300), double.MaxValue, .. LargeLogsThatDiffer()]),
    ];

    public static TheoryData<string> Names() => [.. Functions.Select(f => f.Name)];

    public static TheoryData<string, string> Mixes() => new()
    {
        { "exp", "below" }, { "exp", "above" }, { "exp", "both" },
        { "tanh", "below" }, { "tanh", "above" }, { "tanh", "both" },
        { "log", "below" }, { "log", "above" }, { "log", "both" },
    };

    private static Function Named(string name) => Functions.Single(f => f.Name == name);

    // The vector function's bits for one value: a whole vector of it, so TensorPrimitives does not take its scalar tail.
    private static double VectorOf(Function f, double v)
    {
        var y = new double[8];
        f.Vector(Enumerable.Repeat(v, 8).ToArray(), y);
        return y[0];
    }

    private static bool SameBits(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);

    // In-range values (the bounds first) where the vector and the scalar function round differently.
    private static double[] Differing(Function f)
    {
        var rng = new MersenneTwister(17);
        var drawn = Enumerable.Range(0, 4096).Select(_ => f.Draw(rng)).ToArray();
        var vector = new double[drawn.Length];
        f.Vector(drawn, vector);
        return [f.Low, f.High, .. drawn.Where((v, i) => !SameBits(vector[i], f.Scalar(v))).Take(240)];
    }

    // Logs of values above 1e300 where TensorPrimitives and Math differ (rare: about 1 in 2,000).
    private static double[] LargeLogsThatDiffer()
    {
        var rng = new MersenneTwister(23);
        var drawn = Enumerable.Range(0, 40_000).Select(_ => Math.Pow(10, 300.001 + 8 * rng.NextDouble())).ToArray();
        var vector = new double[drawn.Length];
        TensorPrimitives.Log(drawn, vector);
        return [.. drawn.Where((v, i) => !SameBits(vector[i], Math.Log(v))).Take(4)];
    }

    // Differing in-range values with out-of-range ones at every fifth position, so they share vectors in every lane.
    private static double[] Mixed(Function f, string mix)
    {
        double[] outside = mix switch { "below" => f.Below, "above" => f.Above, _ => [.. f.Below, .. f.Above, double.NegativeInfinity, double.PositiveInfinity, double.NaN] };
        var values = Differing(f);
        for (var i = 4; i < values.Length; i += 5) values[i] = outside[i / 5 % outside.Length];
        return values;
    }

    private static double Expected(Function f, double v) => v >= f.Low && v <= f.High ? VectorOf(f, v) : f.Scalar(v);

    private static void AssertBits(Function f, double[] input, double[] result, string what)
    {
        for (var i = 0; i < input.Length; i++)
        {
            var expected = Expected(f, input[i]);
            if (!SameBits(expected, result[i]))
                Assert.Fail($"{f.Name}, {what}: element {i} ({input[i]:R}) is {result[i]:R}, expected {expected:R} (the {(input[i] >= f.Low && input[i] <= f.High ? "vector" : "scalar")} function's)");
        }
    }

    [Theory, MemberData(nameof(Names))]
    public void The_test_values_tell_the_vector_function_from_the_scalar_one(string name)
    {
        var f = Named(name);
        var differing = Differing(f);
        Assert.True(differing.Length >= 34, $"{name}: only {differing.Length - 2} in-range values where the two functions differ");
        if (name == "log") Assert.NotEmpty(LargeLogsThatDiffer());
        // A kernel that skipped the guard (the vector function on everything) is caught on each mix.
        foreach (var mix in new[] { "below", "above", "both" })
        {
            var input = Mixed(f, mix);
            var unguarded = new double[input.Length];
            f.Vector(input, unguarded);
            Assert.Contains(Enumerable.Range(0, input.Length), i => !SameBits(unguarded[i], Expected(f, input[i])));
        }
    }

    [Theory, MemberData(nameof(Names))]
    public void In_range_values_get_the_vector_functions_bits(string name)
    {
        var f = Named(name);
        var input = Differing(f);
        var result = new double[input.Length];
        f.Kernel(input, result);
        AssertBits(f, input, result, "all in range");
        Assert.True(input.Zip(result).Count(p => !SameBits(p.Second, f.Scalar(p.First))) >= 32);
    }

    [Theory, MemberData(nameof(Mixes))]
    public void Out_of_range_values_get_the_scalar_functions_bits_and_leave_their_neighbours_alone(string name, string mix)
    {
        var f = Named(name);
        var values = Mixed(f, mix);
        for (var offset = 0; offset < 4; offset++)
        {
            var input = new double[offset + values.Length];
            values.CopyTo(input, offset);
            var output = new double[input.Length];
            f.Kernel(input.AsSpan(offset), output.AsSpan(offset));
            AssertBits(f, values, output[offset..], $"{mix} the range, offset {offset}");
        }
        // In place: the out-of-range values are read before the output overwrites them.
        var buffer = (double[])values.Clone();
        f.Kernel(buffer, buffer);
        AssertBits(f, values, buffer, $"{mix} the range, in place");
    }

    [Theory, MemberData(nameof(Names))]
    public void An_empty_input_gives_an_empty_output(string name)
    {
        var output = Array.Empty<double>();
        Assert.Null(Record.Exception(() => Named(name).Kernel([], output)));
    }
}
