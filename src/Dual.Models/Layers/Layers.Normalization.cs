namespace Dual.Models;

public static partial class Layers
{
    /// <summary>
    /// Layer normalisation over the last axis: y = (x − mean) / √(var + eps) · g + b, with the population
    /// variance. With <paramref name="affine"/> it declares the gain <c>g</c> (ones) and, unless
    /// <paramref name="bias"/> is false, the bias <c>b</c> (zeros), both of shape <c>[width]</c>.
    /// </summary>
    public static Model<Expr> LayerNorm(Expr x, double eps = 1e-5, bool affine = true, bool bias = true)
    {
        ArgumentNullException.ThrowIfNull(x);
        RequireFeatureAxis(x, nameof(LayerNorm));
        ArgumentOutOfRangeException.ThrowIfNegative(eps);
        var normalized = (x - x.Mean(-1, keepDims: true)) / (x.Variance(-1, keepDims: true) + eps).Sqrt();
        if (!affine) return Model.Return(normalized);
        var width = x.Shape[^1];
        var gain = Model.Param("g", [width], Init.Ones);
        return bias
            ? from g in gain
              from b in Model.Param("b", [width], Init.Zeros)
              select normalized * g + b
            : gain.Select(g => normalized * g);
    }

    /// <summary>
    /// RMS normalisation over the last axis: y = x / √(mean(x²) + eps), times a gain <c>g</c> of shape
    /// <c>[width]</c> (ones) when <paramref name="gain"/> is true. microgpt uses it without gain.
    /// </summary>
    public static Model<Expr> RmsNorm(Expr x, double eps = 1e-5, bool gain = true)
    {
        ArgumentNullException.ThrowIfNull(x);
        RequireFeatureAxis(x, nameof(RmsNorm));
        ArgumentOutOfRangeException.ThrowIfNegative(eps);
        var normalized = x / (x.Square().Mean(-1, keepDims: true) + eps).Sqrt();
        return gain
            ? Model.Param("g", [x.Shape[^1]], Init.Ones).Select(g => normalized * g)
            : Model.Return(normalized);
    }

    private static void RequireFeatureAxis(Expr x, string layer)
    {
        if (x.Rank == 0) throw new ShapeException($"{layer}: the input must have a feature axis; got shape {x.Shape}.");
    }
}
