using System.Globalization;
using System.Text;

namespace Dual;

public sealed partial class Tensor
{
    private const int EdgeItems = 3;
    private const int ElideAbove = 1000;

    /// <summary>
    /// Formats like NumPy: nested brackets with aligned values, the shape when rank &gt; 0, and
    /// the middle of each axis elided as <c>...</c> when the tensor has more than 1000 elements.
    /// </summary>
    public override string ToString()
    {
        if (Rank == 0) return $"tensor({FormatValue(_data[0])})";
        var elide = Size > ElideAbove;
        var cells = new List<string>();
        var sb = new StringBuilder("tensor(");
        var width = 0;
        foreach (var i in VisibleFlatIndices(elide)) width = Math.Max(width, FormatValue(_data[i]).Length);
        Append(sb, 0, 0, elide, width, "tensor(".Length);
        sb.Append(", shape=").Append(Shape).Append(')');
        return sb.ToString();
    }

    private static string FormatValue(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    private IEnumerable<int> VisibleFlatIndices(bool elide)
    {
        var strides = Shape.Strides();
        var stack = new Stack<(int Axis, int Offset)>();
        stack.Push((0, 0));
        while (stack.Count > 0)
        {
            var (axis, offset) = stack.Pop();
            if (axis == Rank) { yield return offset; continue; }
            foreach (var k in Visible(Shape[axis], elide)) stack.Push((axis + 1, offset + k * strides[axis]));
        }
    }

    private static IEnumerable<int> Visible(int n, bool elide)
    {
        if (!elide || n <= 2 * EdgeItems)
        {
            for (var k = 0; k < n; k++) yield return k;
            yield break;
        }
        for (var k = 0; k < EdgeItems; k++) yield return k;
        for (var k = n - EdgeItems; k < n; k++) yield return k;
    }

    // Recursion depth is the tensor's rank, never the data size.
    private void Append(StringBuilder sb, int axis, int offset, bool elide, int width, int indent)
    {
        var n = Shape[axis];
        var stride = Shape.Strides()[axis];
        sb.Append('[');
        var first = true;
        var previous = -1;
        foreach (var k in Visible(n, elide))
        {
            if (!first)
            {
                sb.Append(',');
                if (axis == Rank - 1) sb.Append(' ');
                else sb.Append('\n', Rank - 1 - axis).Append(' ', indent + axis + 1);
            }
            if (previous >= 0 && k != previous + 1)
            {
                sb.Append("...,");
                if (axis == Rank - 1) sb.Append(' ');
                else sb.Append('\n').Append(' ', indent + axis + 1);
            }
            if (axis == Rank - 1) sb.Append(FormatValue(_data[offset + k]).PadLeft(width));
            else Append(sb, axis + 1, offset + k * stride, elide, width, indent);
            first = false;
            previous = k;
        }
        sb.Append(']');
    }
}
