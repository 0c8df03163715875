namespace Dual.Models;

/// <summary>The activation between the two layers of a <see cref="GptConfig"/>'s MLP.</summary>
public enum GptActivation
{
    /// <summary>GELU, tanh approximation (GPT-2).</summary>
    Gelu,

    /// <summary>ReLU (microgpt).</summary>
    Relu,
}
