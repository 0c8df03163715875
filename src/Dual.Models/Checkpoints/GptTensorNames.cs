namespace Dual.Models;

/// <summary>How <see cref="GptWeights"/> names a GPT's tensors outside Dual (docs/export.md has the full mapping).</summary>
public enum GptTensorNames
{
    /// <summary>Dual's parameter paths (<c>wte</c>, <c>h0.attn.wq</c>, <c>h0.mlp.fc1.w</c>, <c>lm_head.w</c>…).</summary>
    Dual,

    /// <summary>
    /// The GPT-2 names of Hugging Face and nanoGPT (<c>transformer.wte.weight</c>, <c>transformer.h.0.attn.c_attn.weight</c>
    /// with q, k, v fused, <c>transformer.h.0.mlp.c_fc.weight</c>, <c>lm_head.weight</c>…).
    /// </summary>
    HuggingFace,
}
