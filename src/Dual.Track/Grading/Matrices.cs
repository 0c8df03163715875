namespace Dual.Track.Grading;

/// <summary>The few matrix operations the graders' own plain-loop models need (the suspects and the GPT's plumbing).</summary>
internal static class Matrices
{
    /// <summary>a·b, or a·bᵀ with <paramref name="transposeB"/>, or aᵀ·b with <paramref name="transposeA"/>.</summary>
    public static double[,] MatMul(double[,] a, double[,] b, bool transposeA = false, bool transposeB = false)
    {
        var (n, inner) = transposeA ? (a.GetLength(1), a.GetLength(0)) : (a.GetLength(0), a.GetLength(1));
        var m = transposeB ? b.GetLength(0) : b.GetLength(1);
        var y = new double[n, m];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < m; j++)
            {
                var sum = 0.0;
                for (var k = 0; k < inner; k++)
                {
                    sum += (transposeA ? a[k, i] : a[i, k]) * (transposeB ? b[j, k] : b[k, j]);
                }

                y[i, j] = sum;
            }
        }

        return y;
    }

    /// <summary>a + b, elementwise.</summary>
    public static double[,] Add(double[,] a, double[,] b) => Zip(a, b, (u, v) => u + v);

    /// <summary>f applied pairwise to a and b (same shape).</summary>
    public static double[,] Zip(double[,] a, double[,] b, Func<double, double, double> f)
    {
        var y = new double[a.GetLength(0), a.GetLength(1)];
        for (var i = 0; i < a.GetLength(0); i++)
        {
            for (var j = 0; j < a.GetLength(1); j++)
            {
                y[i, j] = f(a[i, j], b[i, j]);
            }
        }

        return y;
    }

    /// <summary>f applied to every element.</summary>
    public static double[,] Map(double[,] a, Func<double, double> f) => Zip(a, a, (u, _) => f(u));

    /// <summary>Columns <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> − 1 of a.</summary>
    public static double[,] Columns(double[,] a, int start, int count)
    {
        var y = new double[a.GetLength(0), count];
        for (var i = 0; i < a.GetLength(0); i++)
        {
            for (var j = 0; j < count; j++)
            {
                y[i, j] = a[i, start + j];
            }
        }

        return y;
    }

    /// <summary>Writes <paramref name="block"/> into the columns of <paramref name="target"/> from <paramref name="start"/>.</summary>
    public static void SetColumns(double[,] target, double[,] block, int start)
    {
        for (var i = 0; i < block.GetLength(0); i++)
        {
            for (var j = 0; j < block.GetLength(1); j++)
            {
                target[i, start + j] = block[i, j];
            }
        }
    }

    /// <summary>A row-major array as a [rows, columns] matrix.</summary>
    public static double[,] Of(double[] values, int rows, int columns) => Projects.DenseCase.Matrix(values, rows, columns);
}
