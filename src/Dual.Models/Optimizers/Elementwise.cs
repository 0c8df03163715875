using System.Numerics.Tensors;

namespace Dual.Models;

/// <summary>Small elementwise helpers that build new tensors (inputs are never written).</summary>
internal static class Elementwise
{
    /// <summary><c>a·x + y</c>.</summary>
    public static Tensor Axpy(double a, Tensor x, Tensor y)
    {
        var result = GC.AllocateUninitializedArray<double>(x.Size);
        TensorPrimitives.MultiplyAdd(x.Span, a, y.Span, result);
        return TensorMarshal.FromOwnedArray(x.Shape, result);
    }

    /// <summary><c>a·x</c>.</summary>
    public static Tensor Scale(double a, Tensor x)
    {
        var result = GC.AllocateUninitializedArray<double>(x.Size);
        TensorPrimitives.Multiply(x.Span, a, result);
        return TensorMarshal.FromOwnedArray(x.Shape, result);
    }
}
