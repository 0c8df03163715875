namespace Dual.Track.Projects;

/// <summary>One generated dense-layer case: shapes and row-major values of X, W, b and dY.</summary>
internal sealed record DenseCase(int Batch, int In, int Out, double[] X, double[] W, double[] B, double[] DY)
{
    public double[,] XMatrix => Matrix(X, Batch, In);

    public double[,] WMatrix => Matrix(W, In, Out);

    public double[,] DYMatrix => Matrix(DY, Batch, Out);

    public static double[,] Matrix(double[] values, int rows, int columns)
    {
        var m = new double[rows, columns];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                m[i, j] = values[i * columns + j];
            }
        }

        return m;
    }

    /// <summary>Smaller cases: one row, input or output fewer first (FsCheck shrinks the shape), then simpler values.</summary>
    public IEnumerable<DenseCase> Shrink()
    {
        if (Batch > 1)
        {
            yield return this with { Batch = Batch - 1, X = X[..((Batch - 1) * In)], DY = DY[..((Batch - 1) * Out)] };
        }

        if (In > 1)
        {
            yield return this with { In = In - 1, X = DropColumn(X, Batch, In), W = W[..((In - 1) * Out)] };
        }

        if (Out > 1)
        {
            yield return this with { Out = Out - 1, W = DropColumn(W, In, Out), B = B[..^1], DY = DropColumn(DY, Batch, Out) };
        }

        foreach (var x in Grading.Shrinks.OneSimpler(X))
        {
            yield return this with { X = x };
        }

        foreach (var w in Grading.Shrinks.OneSimpler(W))
        {
            yield return this with { W = w };
        }

        foreach (var b in Grading.Shrinks.OneSimpler(B))
        {
            yield return this with { B = b };
        }

        foreach (var dy in Grading.Shrinks.OneSimpler(DY))
        {
            yield return this with { DY = dy };
        }
    }

    public override string ToString() =>
        $"batch={Batch}, in={In}, out={Out}, X={Grading.Numbers.Text(XMatrix)}, W={Grading.Numbers.Text(WMatrix)}, b={Grading.Numbers.Text(B)}, dY={Grading.Numbers.Text(DYMatrix)}";

    private static double[] DropColumn(double[] values, int rows, int columns)
    {
        var kept = new List<double>(rows * (columns - 1));
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns - 1; j++)
            {
                kept.Add(values[i * columns + j]);
            }
        }

        return [.. kept];
    }
}
