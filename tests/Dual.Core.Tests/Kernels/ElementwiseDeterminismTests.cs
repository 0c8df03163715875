using Dual.Kernels;

namespace Dual.Tests.Kernels;

/// <summary>Transcendental kernels give the same bits wherever a buffer sits in memory, even beside out-of-range values.</summary>
public class ElementwiseDeterminismTests
{
    private delegate void Map(ReadOnlySpan<double> x, Span<double> y);

    public static TheoryData<string> Functions() => ["exp", "tanh", "log"];

    private static Map Kernel(string name) => name switch
    {
        "exp" => Elementwise.Exp,
        "tanh" => Elementwise.Tanh,
        _ => Elementwise.Log,
    };

    [Theory, MemberData(nameof(Functions))]
    public void Results_do_not_depend_on_the_buffer_offset(string name)
    {
        var rng = new MathNet.Numerics.Random.MersenneTwister(5);
        var values = Enumerable.Range(0, 2048).Select(_ => name == "log" ? 3 * rng.NextDouble() : 6 * rng.NextDouble() - 3).ToArray();
        // Out-of-range values every 7 elements: the vector code must never see them beside their neighbours.
        for (var i = 19; i < values.Length; i += 7) values[i] = name == "log" ? 0.0 : -1e9;
        values[40] = double.NaN;
        double[]? reference = null;
        for (var offset = 0; offset < 8; offset++)
        {
            var input = new double[offset + values.Length];
            values.CopyTo(input, offset);
            var output = new double[offset + values.Length];
            Kernel(name)(input.AsSpan(offset), output.AsSpan(offset));
            var result = output[offset..];
            reference ??= result;
            Assert.Equal(reference.Select(BitConverter.DoubleToInt64Bits), result.Select(BitConverter.DoubleToInt64Bits));
        }
        var scalar = name switch { "exp" => Math.Exp(-1e9), "tanh" => Math.Tanh(-1e9), _ => Math.Log(0.0) };
        Assert.Equal(scalar, reference![19]);
        Assert.True(double.IsNaN(reference[40]));
    }
}
