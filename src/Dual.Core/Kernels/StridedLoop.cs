namespace Dual.Kernels;

/// <summary>
/// Walks an iteration space in row-major order for up to three operands that each have their
/// own strides (0 on broadcast axes). Adjacent axes that every operand traverses contiguously
/// are merged first, so the common cases become one long inner row.
/// </summary>
internal readonly struct StridedLoop
{
    public readonly int[] Dims;
    public readonly int[][] Strides;

    public StridedLoop(ReadOnlySpan<int> dims, params int[][] strides)
    {
        // Merge axis i into axis i+1 when, for every operand, stride[i] == stride[i+1] * dims[i+1].
        var d = new List<int>();
        var s = strides.Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < dims.Length; i++)
        {
            if (dims[i] == 1) continue;
            var merge = d.Count > 0;
            for (var o = 0; merge && o < strides.Length; o++)
                merge = s[o][^1] == strides[o][i] * dims[i];
            if (merge)
            {
                d[^1] *= dims[i];
                for (var o = 0; o < strides.Length; o++) s[o][^1] = strides[o][i];
            }
            else
            {
                d.Add(dims[i]);
                for (var o = 0; o < strides.Length; o++) s[o].Add(strides[o][i]);
            }
        }
        if (d.Count == 0)
        {
            d.Add(1);
            foreach (var list in s) list.Add(0);
        }
        Dims = d.ToArray();
        Strides = s.Select(l => l.ToArray()).ToArray();
    }

    public int InnerLength => Dims[^1];

    public int InnerStride(int operand) => Strides[operand][^1];

    /// <summary>The number of inner rows.</summary>
    public int OuterCount
    {
        get
        {
            var n = 1;
            for (var i = 0; i < Dims.Length - 1; i++) n *= Dims[i];
            return n;
        }
    }

    /// <summary>Writes each operand's start offset of every inner row, row after row.</summary>
    public void RowOffsets(Span<int> offsets)
    {
        var ops = Strides.Length;
        var outer = Dims.Length - 1;
        Span<int> index = stackalloc int[Math.Max(outer, 1)];
        Span<int> current = stackalloc int[ops];
        var rows = OuterCount;
        for (var r = 0; r < rows; r++)
        {
            current.CopyTo(offsets.Slice(r * ops, ops));
            for (var ax = outer - 1; ax >= 0; ax--)
            {
                index[ax]++;
                for (var o = 0; o < ops; o++) current[o] += Strides[o][ax];
                if (index[ax] < Dims[ax]) break;
                for (var o = 0; o < ops; o++) current[o] -= Strides[o][ax] * Dims[ax];
                index[ax] = 0;
            }
        }
    }

    /// <summary>Row-major strides of <paramref name="shape"/> aligned right to <paramref name="rank"/> axes, 0 where the shape broadcasts.</summary>
    public static int[] BroadcastStrides(Shape shape, int rank)
    {
        var strides = new int[rank];
        var own = shape.Strides();
        for (var i = 1; i <= shape.Rank; i++)
            strides[rank - i] = shape[shape.Rank - i] == 1 ? 0 : own[shape.Rank - i];
        return strides;
    }
}
