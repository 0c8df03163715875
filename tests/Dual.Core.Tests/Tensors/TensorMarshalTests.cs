namespace Dual.Tests.Tensors;

public class TensorMarshalTests
{
    [Fact]
    public void An_owned_array_is_the_tensors_storage_and_its_writable_span_writes_it()
    {
        double[] values = [1, 2, 3, 4, 5, 6];
        var t = TensorMarshal.FromOwnedArray([2, 3], values);

        TensorMarshal.WritableSpan(t)[4] = -7;

        Assert.Equal(-7, t[1, 1]);
        Assert.Equal(-7, values[4]);
        Assert.Equal(6, TensorMarshal.WritableSpan(t).Length);
    }

    [Fact]
    public void Null_arguments_are_refused()
    {
        Assert.Throws<ArgumentNullException>(() => TensorMarshal.WritableSpan(null!));
        Assert.Throws<ArgumentNullException>(() => TensorMarshal.FromOwnedArray([1], null!));
    }
}
