namespace Dual.Track.Projects;

/// <summary>One generated network case: widths (input, hidden..., output), X, Y and each layer's W and b (row-major).</summary>
internal sealed record NetworkCase(int Batch, int[] Widths, double[] X, double[] Y, double[][] W, double[][] B)
{
    public int Depth => Widths.Length - 1;

    public double[,] XMatrix => DenseCase.Matrix(X, Batch, Widths[0]);

    public double[,] YMatrix => DenseCase.Matrix(Y, Batch, Widths[^1]);

    public IReadOnlyList<DenseParameters> Layers =>
        [.. Enumerable.Range(0, Depth).Select(l => new DenseParameters(DenseCase.Matrix(W[l], Widths[l], Widths[l + 1]), (double[])B[l].Clone()))];

    /// <summary>Fewer rows, then fewer hidden units, then simpler values.</summary>
    public IEnumerable<NetworkCase> Shrink()
    {
        if (Batch > 1)
        {
            yield return this with { Batch = Batch - 1, X = X[..((Batch - 1) * Widths[0])], Y = Y[..((Batch - 1) * Widths[^1])] };
        }

        for (var l = 1; l < Widths.Length - 1; l++)
        {
            if (Widths[l] > 1)
            {
                yield return WithoutLastUnit(l);
            }
        }

        foreach (var x in Grading.Shrinks.OneSimpler(X))
        {
            yield return this with { X = x };
        }

        for (var l = 0; l < Depth; l++)
        {
            foreach (var w in Grading.Shrinks.OneSimpler(W[l]))
            {
                var ws = (double[][])W.Clone();
                ws[l] = w;
                yield return this with { W = ws };
            }
        }

        foreach (var y in Grading.Shrinks.OneSimpler(Y))
        {
            yield return this with { Y = y };
        }
    }

    /// <summary>Removes the last unit of hidden layer <paramref name="l"/>: a column of W[l-1] and b[l-1], a row of W[l].</summary>
    private NetworkCase WithoutLastUnit(int l)
    {
        var widths = (int[])Widths.Clone();
        widths[l]--;
        var ws = (double[][])W.Clone();
        var bs = (double[][])B.Clone();
        var before = new List<double>();
        for (var i = 0; i < Widths[l - 1]; i++)
        {
            for (var j = 0; j < Widths[l] - 1; j++)
            {
                before.Add(W[l - 1][i * Widths[l] + j]);
            }
        }

        ws[l - 1] = [.. before];
        bs[l - 1] = B[l - 1][..^1];
        ws[l] = W[l][..((Widths[l] - 1) * Widths[l + 1])];
        return this with { Widths = widths, W = ws, B = bs };
    }

    public override string ToString() =>
        $"batch={Batch}, widths=[{string.Join(",", Widths)}], X={Grading.Numbers.Text(XMatrix)}, Y={Grading.Numbers.Text(YMatrix)}, "
        + string.Join(", ", Enumerable.Range(0, Depth).Select(l => $"W{l}={Grading.Numbers.Text(DenseCase.Matrix(W[l], Widths[l], Widths[l + 1]))}, b{l}={Grading.Numbers.Text(B[l])}"));
}
