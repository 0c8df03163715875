using Dual.Kernels;

namespace Dual.Tests.Kernels;

/// <summary>
/// The power kernel's exact forms. x¹ never reaches it from a graph (<see cref="Expr.Pow(double)"/> returns x itself),
/// but the kernel and <see cref="OneElement.Power"/> both promise it: a copy, bit for bit.
/// </summary>
public class PowerKernelTests
{
    [Fact]
    public void The_first_power_copies_every_value_bit_for_bit()
    {
        double[] x = [-0.0, 0.0, 1.5, -2.25, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, 1e308, -3];
        var y = Enumerable.Repeat(7.0, x.Length).ToArray();
        Elementwise.Power(x, 1, y);
        Assert.Equal(x.Select(BitConverter.DoubleToInt64Bits), y.Select(BitConverter.DoubleToInt64Bits));
        Assert.All(x, v => Assert.Equal(BitConverter.DoubleToInt64Bits(v), BitConverter.DoubleToInt64Bits(OneElement.Power(v, 1))));
    }
}
