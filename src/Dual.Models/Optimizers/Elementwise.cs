using System.Numerics.Tensors;

namespace Dual.Models;

/// <summary>Small elementwise helpers that build new tensors (inputs are never written).</summary>
internal static class Elementwise
{
    /// <summary>A new tensor whose elements the caller must all write (optimizers' outputs): no zeroing pass.</summary>
    public static Tensor Uninitialized(Shape shape) => TensorMarshal.FromOwnedArray(shape, GC.AllocateUninitializedArray<double>(shape.Size));

    /// <summary><c>a·x</c>.</summary>
    public static Tensor Scale(double a, Tensor x)
    {
        var result = Uninitialized(x.Shape);
        TensorPrimitives.Multiply(x.Span, a, TensorMarshal.WritableSpan(result));
        return result;
    }
}
