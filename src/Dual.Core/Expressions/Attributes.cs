namespace Dual;

// Attributes of primitive nodes. Value types of data, never graph nodes, so records are fine here.

/// <summary>The axes a reduction runs over (sorted, non-negative) and whether they stay as size 1.</summary>
internal sealed record AxesAttribute(int[] Axes, bool KeepDims)
{
    public override string ToString() => $"axes=[{string.Join(", ", Axes)}]{(KeepDims ? " keepdims" : "")}";
}

/// <summary>The axis of a concatenation, gather or scatter-add.</summary>
internal sealed record AxisAttribute(int Axis)
{
    public override string ToString() => $"axis={Axis}";
}

/// <summary>Which operands of a matrix product are read transposed.</summary>
internal sealed record MatMulAttribute(bool TransposeA, bool TransposeB)
{
    public static readonly MatMulAttribute None = new(false, false);

    public override string ToString() => (TransposeA, TransposeB) switch
    {
        (false, false) => "",
        (true, false) => "aᵀ",
        (false, true) => "bᵀ",
        _ => "aᵀ bᵀ",
    };
}

/// <summary>The axis order of a transpose: output axis i is input axis Permutation[i].</summary>
internal sealed record PermutationAttribute(int[] Permutation)
{
    public int[] Inverse()
    {
        var inv = new int[Permutation.Length];
        for (var i = 0; i < Permutation.Length; i++) inv[Permutation[i]] = i;
        return inv;
    }

    public override string ToString() => $"perm=[{string.Join(", ", Permutation)}]";
}

/// <summary>The constant exponent of a power.</summary>
internal sealed record ExponentAttribute(double Exponent)
{
    public override string ToString() => $"p={Exponent.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}

/// <summary>A block of a tensor: where it starts and how large it is on each axis.</summary>
internal sealed record SliceAttribute(int[] Starts, int[] Sizes)
{
    public override string ToString() => $"starts=[{string.Join(", ", Starts)}] sizes=[{string.Join(", ", Sizes)}]";
}

/// <summary>Zeros added before and after the operand on each axis.</summary>
internal sealed record PadAttribute(int[] Before, int[] After)
{
    public override string ToString() => $"before=[{string.Join(", ", Before)}] after=[{string.Join(", ", After)}]";
}

/// <summary>The axis of a scatter-add and the size that axis has in the output.</summary>
internal sealed record ScatterAttribute(int Axis, int Size)
{
    public override string ToString() => $"axis={Axis} size={Size}";
}
