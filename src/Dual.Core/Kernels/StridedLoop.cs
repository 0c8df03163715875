namespace Dual.Kernels;

/// <summary>
/// A walk over an iteration space in row-major order for up to four operands that each have
/// their own strides (0 on broadcast axes), computed once: adjacent axes that every operand
/// traverses contiguously are merged, and the start offset of every inner row is tabulated.
/// Plans build one per step and reuse it on every evaluation.
/// </summary>
internal sealed class StridedLoop
{
    private readonly int _operands;

    public StridedLoop(ReadOnlySpan<int> dims, params int[][] strides)
    {
        _operands = strides.Length;
        // Merge axis i into the previous one when, for every operand, stride[prev] == stride[i] * dims[i].
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
            d.Add(1); // every axis has size 1 (an axis of size 0 is never dropped): one element
            foreach (var list in s) list.Add(0);
        }
        var merged = d.ToArray();
        var mergedStrides = s.Select(l => l.ToArray()).ToArray();
        InnerLength = merged[^1];
        InnerStrides = mergedStrides.Select(st => st[^1]).ToArray();
        Rows = 1;
        for (var i = 0; i < merged.Length - 1; i++) Rows *= merged[i];
        Offsets = new int[Rows * _operands];
        Tabulate(merged, mergedStrides);
    }

    /// <summary>The length of each inner row.</summary>
    public int InnerLength { get; }

    /// <summary>Each operand's stride along the inner row.</summary>
    public int[] InnerStrides { get; }

    /// <summary>The number of inner rows.</summary>
    public int Rows { get; }

    /// <summary>Operand o's start offset of row r is <c>Offsets[r · operands + o]</c>.</summary>
    public int[] Offsets { get; }

    private void Tabulate(int[] dims, int[][] strides)
    {
        var outer = dims.Length - 1;
        var index = new int[Math.Max(outer, 1)];
        var current = new int[_operands];
        for (var r = 0; r < Rows; r++)
        {
            current.CopyTo(Offsets, r * _operands);
            for (var ax = outer - 1; ax >= 0; ax--)
            {
                index[ax]++;
                for (var o = 0; o < _operands; o++) current[o] += strides[o][ax];
                if (index[ax] < dims[ax]) break;
                for (var o = 0; o < _operands; o++) current[o] -= strides[o][ax] * dims[ax];
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
