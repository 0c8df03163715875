using Dual.Track.Grading;

namespace Dual.Track.Projects;

/// <summary>One generated attention case: T positions of width C, query/key size D, value size E; row-major x, Wq, Wk, Wv and dOut.</summary>
internal sealed record AttentionCase(int T, int C, int D, int E, double[] X, double[] Wq, double[] Wk, double[] Wv, double[] DOut)
{
    public double[,] XMatrix => Matrices.Of(X, T, C);

    public double[,] WqMatrix => Matrices.Of(Wq, C, D);

    public double[,] WkMatrix => Matrices.Of(Wk, C, D);

    public double[,] WvMatrix => Matrices.Of(Wv, C, E);

    public double[,] DOutMatrix => Matrices.Of(DOut, T, E);

    /// <summary>Fewer positions, then narrower x, q/k and v, then simpler values.</summary>
    public IEnumerable<AttentionCase> Shrink()
    {
        if (T > 1)
        {
            yield return this with { T = T - 1, X = X[..((T - 1) * C)], DOut = DOut[..((T - 1) * E)] };
        }

        if (C > 1)
        {
            yield return this with { C = C - 1, X = DropColumn(X, T, C), Wq = Wq[..((C - 1) * D)], Wk = Wk[..((C - 1) * D)], Wv = Wv[..((C - 1) * E)] };
        }

        if (D > 1)
        {
            yield return this with { D = D - 1, Wq = DropColumn(Wq, C, D), Wk = DropColumn(Wk, C, D) };
        }

        if (E > 1)
        {
            yield return this with { E = E - 1, Wv = DropColumn(Wv, C, E), DOut = DropColumn(DOut, T, E) };
        }

        foreach (var simpler in Shrinks.EachOneSimpler(
            (X, v => this with { X = v }),
            (Wq, v => this with { Wq = v }),
            (Wk, v => this with { Wk = v }),
            (Wv, v => this with { Wv = v }),
            (DOut, v => this with { DOut = v })))
        {
            yield return simpler;
        }
    }

    public override string ToString() =>
        $"T={T}, C={C}, d={D}, e={E}, x={Numbers.Text(XMatrix)}, Wq={Numbers.Text(WqMatrix)}, Wk={Numbers.Text(WkMatrix)}, Wv={Numbers.Text(WvMatrix)}, dOut={Numbers.Text(DOutMatrix)}";

    private static double[] DropColumn(double[] values, int rows, int columns) =>
        [.. Enumerable.Range(0, rows * columns).Where(i => i % columns != columns - 1).Select(i => values[i])];
}
