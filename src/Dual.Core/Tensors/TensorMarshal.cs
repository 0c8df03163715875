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
}
