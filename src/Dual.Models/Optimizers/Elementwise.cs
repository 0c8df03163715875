using System.Numerics.Tensors;

namespace Dual.Models;

/// <summary>Small elementwise helpers that build new tensors (inputs are never written).</summary>
internal static class Elementwise
{
    /// <summary>A new array whose elements the caller must all write before wrapping it (optimizers' outputs): no zeroing pass.</summary>
    public static double[] Uninitialized(Shape shape) => GC.AllocateUninitializedArray<double>(shape.Size);

    /// <summary><c>a·x</c>.</summary>
    public static Tensor Scale(double a, Tensor x)
    {
        var result = Uninitialized(x.Shape);
        TensorPrimitives.Multiply(x.Span, a, result);
        return TensorMarshal.FromOwnedArray(x.Shape, result);
    }
}
