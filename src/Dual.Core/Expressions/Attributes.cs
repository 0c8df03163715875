using System.Collections.Immutable;

namespace Dual;

// Attributes of primitive nodes: data, never graph nodes, so records are fine here. Public and read-only (arrays are
// ImmutableArray), so exporters and users read them through Expr.AttributeAs<T>() and nothing can change a node.

/// <summary>The axes a reduction runs over (sorted, non-negative) and whether they stay as size 1.</summary>
public sealed record AxesAttribute(ImmutableArray<int> Axes, bool KeepDims)
{
    /// <inheritdoc />
    public override string ToString() => $"axes=[{string.Join(", ", Axes)}]{(KeepDims ? " keepdims" : "")}";
}

/// <summary>The axis of a concatenation, gather or scatter-add.</summary>
public sealed record AxisAttribute(int Axis)
{
    /// <inheritdoc />
    public override string ToString() => $"axis={Axis}";
}

/// <summary>Which operands of a matrix product are read transposed.</summary>
public sealed record MatMulAttribute(bool TransposeA, bool TransposeB)
{
    /// <summary>Neither operand transposed.</summary>
    public static readonly MatMulAttribute None = new(false, false);

    /// <inheritdoc />
    public override string ToString() => (TransposeA, TransposeB) switch
    {
        (false, false) => "",
        (true, false) => "aᵀ",
        (false, true) => "bᵀ",
        _ => "aᵀ bᵀ",
    };
}

/// <summary>The axis order of a transpose: output axis i is input axis Permutation[i].</summary>
public sealed record PermutationAttribute(ImmutableArray<int> Permutation)
{
    /// <summary>The permutation that undoes this one.</summary>
    public int[] Inverse()
    {
        var inv = new int[Permutation.Length];
        for (var i = 0; i < Permutation.Length; i++) inv[Permutation[i]] = i;
        return inv;
    }

    /// <inheritdoc />
    public override string ToString() => $"perm=[{string.Join(", ", Permutation)}]";
}

/// <summary>The constant exponent of a power.</summary>
public sealed record ExponentAttribute(double Exponent)
{
    /// <inheritdoc />
    public override string ToString() => $"p={Exponent.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}

/// <summary>A block of a tensor: where it starts and how large it is on each axis.</summary>
public sealed record SliceAttribute(ImmutableArray<int> Starts, ImmutableArray<int> Sizes)
{
    /// <inheritdoc />
    public override string ToString() => $"starts=[{string.Join(", ", Starts)}] sizes=[{string.Join(", ", Sizes)}]";
}

/// <summary>Zeros added before and after the operand on each axis.</summary>
public sealed record PadAttribute(ImmutableArray<int> Before, ImmutableArray<int> After)
{
    /// <inheritdoc />
    public override string ToString() => $"before=[{string.Join(", ", Before)}] after=[{string.Join(", ", After)}]";
}

/// <summary>The axis of a scatter-add and the size that axis has in the output.</summary>
public sealed record ScatterAttribute(int Axis, int Size)
{
    /// <inheritdoc />
    public override string ToString() => $"axis={Axis} size={Size}";
}
