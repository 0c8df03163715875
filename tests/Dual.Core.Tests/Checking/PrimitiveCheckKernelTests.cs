using Dual.Tests.Ops;

namespace Dual.Tests.Checking;

/// <summary>
/// A fast kernel against the plain forward (<see cref="PrimitiveCheck"/>): they agree within 1e-12 + 1e-12·|forward|
/// (rounding of another formula), or exactly (NaN and infinities); beyond that the element and both values are
/// named. Constants made to measure (<see cref="UserPrimitives.ConstantKernel"/>) put the difference exactly where
/// each row needs it.
/// </summary>
public class PrimitiveCheckKernelTests
{
    private static readonly PrimitiveCheckOptions OneShape = new() { Cases = 3, Inputs = _ => [new InputSpec(Shape.Of(2))] };

    [Theory]
    [InlineData(0.0, 1e-12, true)] // exactly the absolute tolerance
    [InlineData(0.0, 1.0000000000000002e-12, false)]
    [InlineData(1e6, 1e6 + 1e-7, true)] // within the relative part, 1e-12·10⁶
    [InlineData(1e6, 1e6 + 2e-6, false)]
    [InlineData(double.NaN, double.NaN, true)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity, true)]
    [InlineData(double.PositiveInfinity, double.NegativeInfinity, false)]
    [InlineData(double.PositiveInfinity, 0.0, false)] // an infinite forward is no licence for any kernel value
    [InlineData(0.0, double.NaN, false)]
    public void The_kernel_agrees_within_rounding_of_the_forward_or_exactly(double forward, double kernel, bool agree)
    {
        var report = PrimitiveCheck.Run(UserPrimitives.ConstantKernel(forward, kernel), OneShape);
        Assert.Null(report.Error);
        Assert.Equal(agree, report.KernelMismatch is null);
        if (!agree)
            Assert.Equal($"kernel vs forward: element [0]: kernel {kernel:R} forward {forward:R} FAILED", report.KernelMismatch);
    }

    [Fact]
    public void A_forward_of_another_shape_than_the_kernel_is_named()
    {
        var report = PrimitiveCheck.Run(UserPrimitives.KernelBesideScalarForward, OneShape);
        Assert.False(report.Passed);
        Assert.Equal("kernel vs forward: the forward returned shape []; the kernel's output has [2] FAILED", report.KernelMismatch);
    }

    [Fact]
    public void Data_operands_reach_the_forward_as_their_constant_values()
    {
        var report = PrimitiveCheck.Run(UserPrimitives.ConstantKernel(0.5, 0.5, arity: 2),
            OneShape with { Inputs = _ => [new InputSpec(Shape.Of(2)), new InputSpec(Shape.Of(2), Domain.Mask)] });
        Assert.True(report.Passed, report.ToString());
    }
}
