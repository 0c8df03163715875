using Dual.Track.Grading;

namespace Dual.Track.Projects;

/// <summary>
/// One generated case for the pieces of project 10: T positions, <c>Heads</c> heads of D features (C = Heads·D), an
/// MLP of <c>Hidden</c> units, a vocabulary of <c>Vocab</c>; row-major x and dy [T, C], Wq…Wo [C, C], W1 [C, H],
/// W2 [H, C], logits [T, V] and targets [T]. Each check uses the inputs of its piece.
/// </summary>
internal sealed record PieceCase(
    int T, int Heads, int D, int Hidden, int Vocab,
    double[] X, double[] Wq, double[] Wk, double[] Wv, double[] Wo, double[] W1, double[] W2, double[] Dy, double[] Logits, int[] Targets)
{
    public int C => Heads * D;

    public double[,] XMatrix => Matrices.Of(X, T, C);

    public double[,] DyMatrix => Matrices.Of(Dy, T, C);

    public double[,] Square(double[] w) => Matrices.Of(w, C, C);

    public double[,] W1Matrix => Matrices.Of(W1, C, Hidden);

    public double[,] W2Matrix => Matrices.Of(W2, Hidden, C);

    public double[,] LogitsMatrix => Matrices.Of(Logits, T, Vocab);

    /// <summary>One position fewer, then simpler values of the piece's own inputs.</summary>
    public IEnumerable<PieceCase> Shrink(Piece piece)
    {
        if (T > 1)
        {
            yield return this with { T = T - 1, X = X[..((T - 1) * C)], Dy = Dy[..((T - 1) * C)], Logits = Logits[..((T - 1) * Vocab)], Targets = Targets[..(T - 1)] };
        }

        if (piece == Piece.CrossEntropy)
        {
            foreach (var l in Shrinks.OneSimpler(Logits))
            {
                yield return this with { Logits = l };
            }

            for (var t = 0; t < T; t++)
            {
                if (Targets[t] > 0)
                {
                    yield return this with { Targets = [.. Targets.Select((v, i) => i == t ? 0 : v)] };
                }
            }

            yield break;
        }

        foreach (var simpler in Shrinks.EachOneSimpler(
            (X, v => this with { X = v }),
            (Dy, v => this with { Dy = v })))
        {
            yield return simpler;
        }

        if (piece == Piece.Attention)
        {
            foreach (var simpler in Shrinks.EachOneSimpler(
                (Wq, v => this with { Wq = v }),
                (Wk, v => this with { Wk = v }),
                (Wv, v => this with { Wv = v }),
                (Wo, v => this with { Wo = v })))
            {
                yield return simpler;
            }
        }

        if (piece == Piece.Mlp)
        {
            foreach (var simpler in Shrinks.EachOneSimpler(
                (W1, v => this with { W1 = v }),
                (W2, v => this with { W2 = v })))
            {
                yield return simpler;
            }
        }
    }

    /// <summary>The piece's inputs, as text.</summary>
    public string Describe(Piece piece) => piece switch
    {
        Piece.Norm => $"T={T}, C={C}, x={Numbers.Text(XMatrix)}, dy={Numbers.Text(DyMatrix)}",
        Piece.Attention => $"T={T}, heads={Heads}, C={C}, x={Numbers.Text(XMatrix)}, Wq={Numbers.Text(Square(Wq))}, Wk={Numbers.Text(Square(Wk))}, Wv={Numbers.Text(Square(Wv))}, Wo={Numbers.Text(Square(Wo))}, dy={Numbers.Text(DyMatrix)}",
        Piece.Mlp => $"T={T}, C={C}, H={Hidden}, x={Numbers.Text(XMatrix)}, W1={Numbers.Text(W1Matrix)}, W2={Numbers.Text(W2Matrix)}, dy={Numbers.Text(DyMatrix)}",
        _ => $"T={T}, V={Vocab}, logits={Numbers.Text(LogitsMatrix)}, targets=[{string.Join(", ", Targets)}]",
    };
}
