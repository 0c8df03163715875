using Dual.Kernels;

namespace Dual.Tests.Kernels;

/// <summary>
/// The walk every broadcasting, copying and reducing kernel shares: axes of size 1 drop out and adjacent axes that
/// every operand walks contiguously merge, so a kernel runs as few, long inner rows as the layouts allow.
/// </summary>
public class StridedLoopTests
{
    // dims; each operand's broadcast shape; expected rows, inner length, inner strides and every row's offsets.
    public static TheoryData<int[], int[][], int, int, int[], int[]> Walks() => new()
    {
        // Contiguous: one row of everything.
        { [2, 3, 4], [[2, 3, 4]], 1, 24, [1], [0] },
        // Size-1 axes drop out, wherever they are, and do not stop a merge.
        { [3, 1], [[3, 1]], 1, 3, [1], [0] },
        { [1, 3, 1, 4, 1], [[1, 3, 1, 4, 1]], 1, 12, [1], [0] },
        // A row vector added to a matrix: rows of 4, the vector read from the start each time.
        { [3, 4], [[3, 4], [4]], 3, 4, [1, 1], [0, 0, 4, 0, 8, 0] },
        // A column broadcast along the rows: the column's inner stride is 0.
        { [2, 3], [[2, 3], [2, 1]], 2, 3, [1, 0], [0, 0, 3, 1] },
        // The leading axes merge when every operand walks them contiguously, not when one repeats.
        { [2, 2, 3], [[2, 2, 3], [2, 2, 3], [2, 1, 3]], 4, 3, [1, 1, 1], [0, 0, 0, 3, 3, 0, 6, 6, 3, 9, 9, 3] },
        // Only size-1 axes, or none: a single element.
        { [1, 1], [[1, 1]], 1, 1, [0], [0] },
        { [], [[]], 1, 1, [0], [0] },
        // An empty axis: no element to visit.
        { [2, 0, 3], [[2, 0, 3]], 1, 0, [1], [0] },
    };

    [Theory, MemberData(nameof(Walks))]
    public void Merges_axes_into_the_longest_rows_every_operand_walks_contiguously(
        int[] dims, int[][] operands, int rows, int innerLength, int[] innerStrides, int[] offsets)
    {
        var strides = operands.Select(o => StridedLoop.BroadcastStrides(Shape.Create(o), dims.Length)).ToArray();
        var loop = new StridedLoop(dims, strides);
        Assert.Equal(rows, loop.Rows);
        Assert.Equal(innerLength, loop.InnerLength);
        Assert.Equal(innerStrides, loop.InnerStrides);
        Assert.Equal(offsets, loop.Offsets);
    }

    [Fact]
    public void Broadcast_strides_are_zero_on_repeated_axes_and_aligned_right()
    {
        Assert.Equal([0, 0, 1], StridedLoop.BroadcastStrides(Shape.Create([4]), 3));
        Assert.Equal([0, 1, 0], StridedLoop.BroadcastStrides(Shape.Create([3, 1]), 3));
        Assert.Equal([12, 4, 1], StridedLoop.BroadcastStrides(Shape.Create([2, 3, 4]), 3));
    }
}
