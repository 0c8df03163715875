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
    /// over: it must never write to it again, or the "immutable" tensor would change.
    /// </summary>
    public static Tensor FromOwnedArray(Shape shape, double[] values)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(values);
        return new Tensor(shape, values);
    }

    /// <summary>
    /// The elements of <paramref name="tensor"/>, writable. Only for code that owns the tensor's array
    /// exclusively: it made the tensor with <see cref="FromOwnedArray"/> and no other code has seen it
    /// (a training loop updating its own parameters in place). Writing to any other tensor breaks the
    /// promise that tensors never change.
    /// </summary>
    public static Span<double> WritableSpan(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return tensor.Data;
    }
}
