using System.Globalization;

namespace Dual.Models;

public static partial class Layers
{
    /// <summary>
    /// A pre-norm transformer block: r = x + attn(ln1(x)); y = r + mlp(ln2(r)), for <paramref name="x"/> of shape
    /// <c>[T, C]</c> or <c>[B, T, C]</c> with C = <see cref="GptConfig.Width"/> and T ≤ <see cref="GptConfig.BlockSize"/>.
    /// Parameters: <c>ln1.*</c>, <c>attn.{wq,wk,wv,wo}</c> (and <c>attn.{bq,bk,bv,bo}</c>), <c>ln2.*</c>,
    /// <c>mlp.fc1.w</c>, <c>mlp.fc2.w</c> (and <c>mlp.fc1.b</c>, <c>mlp.fc2.b</c>); see <see cref="Gpt"/> for the norms' names.
    /// </summary>
    /// <exception cref="ShapeException">The input's width or length does not fit the config.</exception>
    public static Model<Expr> TransformerBlock(Expr x, GptConfig config)
    {
        ArgumentNullException.ThrowIfNull(x);
        RequireSequence(x, config, nameof(TransformerBlock));
        return from h in Norm(x, config).Named("ln1")
               from a in CausalSelfAttention(h, config).Named("attn")
               let r = x + a
               from h2 in Norm(r, config).Named("ln2")
               from m in FeedForward(h2, config.MlpWidth, ActivationOf(config), config.Bias,
                   Init.Normal(config.InitStd), ResidualInit(config)).Named("mlp")
               select r + m;
    }

    /// <summary>The norm a config asks for: <see cref="LayerNorm"/> or <see cref="RmsNorm"/> with its gain, bias and epsilon.</summary>
    public static Model<Expr> Norm(Expr x, GptConfig config)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(config);
        return config.Norm switch
        {
            GptNorm.LayerNorm => LayerNorm(x, config.NormEps, affine: config.NormGain, bias: config.Bias),
            GptNorm.RmsNorm => RmsNorm(x, config.NormEps, gain: config.NormGain),
            _ => throw new ArgumentOutOfRangeException(nameof(config), config.Norm, "Unknown norm."),
        };
    }

    private static Func<Expr, Expr> ActivationOf(GptConfig config) => config.Activation switch
    {
        GptActivation.Gelu => h => h.Gelu(),
        GptActivation.Relu => h => h.Relu(),
        _ => throw new ArgumentOutOfRangeException(nameof(config), config.Activation, "Unknown activation."),
    };

    // GPT-2 scales the init of projections that add into the residual stream by 1/√(2·layers).
    private static Initializer ResidualInit(GptConfig config) =>
        Init.Normal(config.ScaleResidualInit ? config.InitStd / Math.Sqrt(2.0 * config.Layers) : config.InitStd);

    // x must be [T, C] or [B, T, C] with C the config's width and T at most its block size.
    private static void RequireSequence(Expr x, GptConfig config, string layer)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        if (x.Rank is not (2 or 3))
            throw new ShapeException($"{layer}: the input must be [T, C] or [B, T, C]; got shape {x.Shape}.");
        if (x.Shape[^1] != config.Width)
            throw new ShapeException(string.Create(CultureInfo.InvariantCulture,
                $"{layer}: the input's last axis is {x.Shape[^1]} but the config's Width is {config.Width} (input shape {x.Shape})."));
        if (x.Shape[^2] > config.BlockSize)
            throw new ShapeException(string.Create(CultureInfo.InvariantCulture,
                $"{layer}: the sequence length {x.Shape[^2]} exceeds the config's BlockSize {config.BlockSize} (input shape {x.Shape})."));
    }
}
