namespace Dual.Kernels;

/// <summary>
/// Elementwise maps as plan kernels, with their threading decision: outputs of <see cref="Split.ParallelElements"/>
/// elements or more are split between the two cores (each element is computed by the same code either way, so the
/// bits do not depend on the split).
/// </summary>
internal static class ElementwiseKernel
{
    /// <summary>The kernel of a unary map (one for every node of the primitive: nothing depends on shapes).</summary>
    public static KernelFactory Unary(SpanMap map)
    {
        Kernel kernel = (x, output) =>
        {
            if (output.Length < Split.ParallelElements) map(x[0], output);
            else SplitUnary(map, x[0], output);
        };
        return _ => kernel;
    }

    /// <summary>The kernel of a broadcasting binary operation, its loop prepared once per node's shapes.</summary>
    public static KernelFactory Binary(BinaryKernel kernel) => y =>
    {
        // One element (a neuron's scalars): the scalar function the broadcasting loop runs for tiny operands, without the loop.
        if (y.Shape.Size == 1) return (x, output) => output[0] = kernel.Scalar(x[0][0], x[1][0]);
        var loop = new Elementwise.BinaryLoop(y.Input(0).Shape, y.Input(1).Shape, y.Shape);
        if (loop.Path != BinaryPath.Same)
            return (x, output) => loop.Run(kernel, x[0], x[1], output);
        // Same-shape operands: large ones are split between the cores.
        return (x, output) =>
        {
            if (output.Length < Split.ParallelElements) loop.Run(kernel, x[0], x[1], output);
            else SplitBinary(loop, kernel, x[0], x[1], output);
        };
    };

    // The closures are made only for the large, split case: small kernels allocate nothing.
    private static void SplitUnary(SpanMap kernel, double[] input, double[] output) =>
        Split.Run(output.Length, (from, count) => kernel(input.AsSpan(from, count), output.AsSpan(from, count)));

    private static void SplitBinary(Elementwise.BinaryLoop loop, BinaryKernel kernel, double[] a, double[] b, double[] output) =>
        Split.Run(output.Length, (from, count) => loop.Run(kernel, a.AsSpan(from, count), b.AsSpan(from, count), output.AsSpan(from, count)));
}
