using System.Globalization;

namespace Dual.Models;

public static partial class Layers
{
    /// <summary>
    /// Multi-head causal self-attention over <paramref name="x"/> of shape <c>[T, C]</c> or <c>[B, T, C]</c>:
    /// q = x·wq, k = x·wk, v = x·wv (each <c>[C, C]</c>, plus <c>bq</c>, <c>bk</c>, <c>bv</c> of shape <c>[C]</c> when
    /// <paramref name="bias"/> is true), split into <paramref name="heads"/> heads of D = C / heads features
    /// (<c>[B, H, T, D]</c>), softmax(q·kᵀ/√D)·v per head with the softmax over keys j ≤ t only (a causal mask), heads merged back to <c>[B, T, C]</c>,
    /// then the output projection wo (and <c>bo</c>). Position t attends to positions 0…t only.
    /// <paramref name="init"/> draws wq, wk, wv and <paramref name="outputInit"/> wo (default: the same; Xavier if neither is given).
    /// </summary>
    /// <exception cref="ShapeException">The input is not of rank 2 or 3.</exception>
    /// <exception cref="ArgumentException"><paramref name="heads"/> does not divide the input width.</exception>
    public static Model<Expr> CausalSelfAttention(Expr x, int heads, bool bias = true, Initializer? init = null, Initializer? outputInit = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(heads);
        if (x.Rank is not (2 or 3))
            throw new ShapeException($"CausalSelfAttention: the input must be [T, C] or [B, T, C]; got shape {x.Shape}.");
        var width = x.Shape[^1];
        if (width % heads != 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"CausalSelfAttention: {heads} heads do not divide the input width {width} (input shape {x.Shape}); each head needs width / heads features."),
                nameof(heads));
        var inner = init ?? Init.Xavier;
        var output = outputInit ?? inner;
        return from q in Projection(x, "wq", "bq", width, bias, inner)
               from k in Projection(x, "wk", "bk", width, bias, inner)
               from v in Projection(x, "wv", "bv", width, bias, inner)
               from y in Projection(Attend(q, k, v, heads, x.Shape), "wo", "bo", width, bias, output)
               select y;
    }

    /// <summary>
    /// <see cref="CausalSelfAttention(Expr, int, bool, Initializer?, Initializer?)"/> as a GPT block uses it: heads,
    /// biases and initialisers from <paramref name="config"/>; the input's last axis must be the config's width and
    /// its length at most the block size.
    /// </summary>
    /// <exception cref="ShapeException">The input's width or length does not fit the config.</exception>
    public static Model<Expr> CausalSelfAttention(Expr x, GptConfig config)
    {
        ArgumentNullException.ThrowIfNull(x);
        RequireSequence(x, config, nameof(CausalSelfAttention));
        return CausalSelfAttention(x, config.Heads, config.Bias, Init.Normal(config.InitStd), ResidualInit(config));
    }

    // softmax(q·kᵀ/√D over the keys j ≤ t)·v per head; q, k, v are [.., T, C], the result has the input's shape.
    private static Expr Attend(Expr q, Expr k, Expr v, int heads, Shape shape)
    {
        var (batch, length, width) = shape.Rank == 3 ? (shape[0], shape[1], shape[2]) : (1, shape[0], shape[1]);
        var size = width / heads;
        Expr Split(Expr t) => t.Reshape([batch, length, heads, size]).Transpose(0, 2, 1, 3); // [B, H, T, D]
        var scores = Split(q).MatMul(Split(k), false, true) * (1.0 / Math.Sqrt(size));     // [B, H, T, T], no materialised kᵀ
        return CausalSoftmax(scores).MatMul(Split(v)).Transpose(0, 2, 1, 3).Reshape(shape); // heads merged: [.., T, C]
    }

    /// <summary>
    /// Softmax over the last axis of scores <c>[.., T, T]</c> restricted to keys j ≤ query i; weights above the diagonal are
    /// exactly 0, and so is every gradient reaching them. The row maximum (over the allowed keys) is subtracted first and
    /// carries no derivative, as in <see cref="Expr.Softmax"/>. Masked entries are replaced by 0 before exp and their result
    /// by 0 after, rather than pushed to −∞: exp then never sees an argument outside its vectorised range, whose scalar
    /// fallback would make the last bit of neighbouring results depend on memory alignment.
    /// </summary>
    private static Expr CausalSoftmax(Expr scores)
    {
        var length = scores.Shape[^1];
        var allowed = Expr.Constant(Tensor.Generate([length, length], i => i % length <= i / length ? 1.0 : 0.0));
        var blocked = Expr.Constant(Tensor.Generate([length, length], i => i % length <= i / length ? 0.0 : -1e9));
        var max = (scores + blocked).Max(-1, keepDims: true).StopGradient();
        var e = Expr.Where(allowed, Expr.Where(allowed, scores - max, 0.0).Exp(), 0.0);
        return e / e.Sum(-1, keepDims: true);
    }

    // x·w (+ b) for a square-or-not projection declared as parameters `weightName` [in, fanOut] and `biasName` [fanOut].
    private static Model<Expr> Projection(Expr x, string weightName, string biasName, int fanOut, bool bias, Initializer init)
    {
        var weight = Model.Param(weightName, [x.Shape[^1], fanOut], init);
        return bias
            ? from w in weight
              from b in Model.Param(biasName, [fanOut], Init.Zeros)
              select Project(x, w) + b
            : weight.Select(w => Project(x, w));
    }
}
