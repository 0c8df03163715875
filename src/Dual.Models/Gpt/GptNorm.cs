namespace Dual.Models;

/// <summary>Which normalisation a <see cref="GptConfig"/> uses before attention, before the MLP, and wherever else it normalises.</summary>
public enum GptNorm
{
    /// <summary><see cref="Layers.LayerNorm"/>: centre and scale, gain <c>g</c> and (with <see cref="GptConfig.Bias"/>) bias <c>b</c>.</summary>
    LayerNorm,

    /// <summary><see cref="Layers.RmsNorm"/>: scale only, gain <c>g</c> (none without <see cref="GptConfig.NormGain"/>).</summary>
    RmsNorm,
}
