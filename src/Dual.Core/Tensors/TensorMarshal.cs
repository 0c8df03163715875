namespace Dual;

/// <summary>
/// Unchecked ways to make tensors, for code that builds many large ones per step (optimizers):
/// like <c>CollectionsMarshal</c>, they trade a guarantee for speed, so they live apart from
/// <see cref="Tensor"/>'s own factories.
/// </summary>
public static class TensorMarshal
{
    /// <summary>
    /// A tensor over <paramref name="values"/> without copying them. The caller hands the array
    /// over: it must never write to it again while the tensor can be seen by other code, or the
    /// "immutable" tensor would change (a training session keeps such tensors to itself).
    /// </summary>
    public static Tensor FromOwnedArray(Shape shape, double[] values)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(values);
        return new Tensor(shape, values);
    }

    /// <summary>
    /// The elements of <paramref name="tensor"/>, writable: for the library's tests only. No public API writes into a
    /// tensor; code that must update arrays in place keeps the arrays it wrapped with <see cref="FromOwnedArray"/>.
    /// </summary>
    internal static Span<double> WritableSpan(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return tensor.Data;
    }
}
