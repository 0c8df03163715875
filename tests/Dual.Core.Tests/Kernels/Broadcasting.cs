namespace Dual.Tests.Kernels;

/// <summary>NumPy broadcasting written out element by element: the plain loop the broadcasting kernels are compared with.</summary>
internal static class Broadcasting
{
    /// <summary>The element of an operand of shape <paramref name="operand"/> that lands at flat position <paramref name="flat"/> of <paramref name="y"/>.</summary>
    public static int SourceIndex(Shape operand, Shape y, int flat)
    {
        var (source, stride) = (0, 1);
        for (var axis = y.Rank - 1; axis >= 0; axis--)
        {
            var k = flat % y[axis];
            flat /= y[axis];
            var own = axis - (y.Rank - operand.Rank);
            if (own < 0) break;
            if (operand[own] != 1) source += k * stride;
            stride *= operand[own];
        }
        return source;
    }

    /// <summary>Every shape of rank 0 to <paramref name="maxRank"/> whose dimensions come from <paramref name="dims"/>.</summary>
    public static IEnumerable<Shape> Shapes(int maxRank, params int[] dims)
    {
        IEnumerable<int[]> shapes = [[]];
        var all = new List<int[]>([[]]);
        for (var rank = 1; rank <= maxRank; rank++)
        {
            shapes = shapes.SelectMany(s => dims.Select(d => (int[])[.. s, d])).ToList();
            all.AddRange(shapes);
        }
        return all.Select(s => Shape.Create(s));
    }
}
