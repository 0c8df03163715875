namespace Dual.Models;

/// <summary>
/// Layers: each a function from input expression(s) to a <see cref="Model{T}"/> that declares its
/// parameters. Shapes come from the input expression, never from data.
/// </summary>
public static partial class Layers
{
    /// <summary>
    /// y = x·W + b over the last axis of <paramref name="x"/>: W is <c>[in, fanOut]</c> (Kaiming unless
    /// <paramref name="init"/> says otherwise), b is <c>[fanOut]</c> of zeros (omitted when <paramref name="bias"/> is false).
    /// </summary>
    public static Model<Expr> Dense(Expr x, int fanOut, bool bias = true, Initializer? init = null, Initializer? biasInit = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fanOut);
        if (x.Rank == 0) throw new ShapeException($"Dense: the input must have a feature axis; got shape {x.Shape}.");
        var weight = Model.Param("w", [x.Shape[^1], fanOut], init ?? Init.Kaiming);
        return bias
            ? from w in weight
              from b in Model.Param("b", [fanOut], biasInit ?? Init.Zeros)
              select Project(x, w) + b
            : weight.Select(w => Project(x, w));
    }

    /// <summary>
    /// x·W over the last axis of x for a weight <c>[in, out]</c>. Leading axes are flattened first, so a
    /// <c>[B, T, C]</c> input is one <c>[B·T, C]·[C, out]</c> product (and its weight gradient one product,
    /// not a batch of them summed afterwards).
    /// </summary>
    private static Expr Project(Expr x, Expr w)
    {
        if (x.Rank <= 2) return x.MatMul(w);
        var lead = x.Shape.Dims[..^1].ToArray();
        var rows = lead.Aggregate(1, (n, d) => n * d);
        return x.Reshape([rows, x.Shape[^1]]).MatMul(w).Reshape([.. lead, w.Shape[^1]]);
    }

    /// <summary>x·Wᵀ over the last axis of x for a weight <c>[out, in]</c> (a tied embedding table), without materialising Wᵀ.</summary>
    private static Expr ProjectTransposed(Expr x, Expr w)
    {
        var lead = x.Shape.Dims[..^1].ToArray();
        var rows = lead.Aggregate(1, (n, d) => n * d);
        return x.Reshape([rows, x.Shape[^1]]).MatMul(w, false, true).Reshape([.. lead, w.Shape[0]]);
    }

    /// <summary>Dense layer as a step of a chain: <c>Dense(16)</c> for use with <see cref="Model{T}.Then{TResult}"/>.</summary>
    public static Func<Expr, Model<Expr>> Dense(int fanOut, bool bias = true, Initializer? init = null) =>
        x => Dense(x, fanOut, bias, init);

    /// <summary>An activation as a step of a chain (declares nothing): <c>.Then(Layers.Activation(h => h.Relu()))</c>.</summary>
    public static Func<Expr, Model<Expr>> Activation(Func<Expr, Expr> activation)
    {
        ArgumentNullException.ThrowIfNull(activation);
        return x => Model.Return(activation(x));
    }

    /// <summary>
    /// A multi-layer perceptron: a dense layer per width in <paramref name="widths"/>, named
    /// <c>l0, l1…</c>, with <paramref name="activation"/> (default ReLU) after every layer but the last.
    /// </summary>
    public static Model<Expr> Mlp(Expr x, IReadOnlyList<int> widths, Func<Expr, Expr>? activation = null, Initializer? init = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(widths);
        if (widths.Count == 0) throw new ArgumentException("An MLP needs at least one layer width.", nameof(widths));
        var act = activation ?? (h => h.Relu());
        var model = Model.Return(x);
        for (var i = 0; i < widths.Count; i++)
        {
            var (index, width) = (i, widths[i]);
            var last = i == widths.Count - 1;
            model = model.SelectMany(h => Dense(h, width, init: init).Named($"l{index}").Select(y => last ? y : act(y)));
        }
        return model;
    }
}
