namespace Dual.Track;

/// <summary>The activations of project 5, applied elementwise between a network's layers.</summary>
public enum Activation
{
    /// <summary>sigmoid(z) = 1 / (1 + e⁻ᶻ).</summary>
    Sigmoid,

    /// <summary>tanh(z).</summary>
    Tanh,

    /// <summary>relu(z) = max(z, 0); its derivative at 0 is taken as 0.</summary>
    Relu,

    /// <summary>gelu(z) = ½z(1 + tanh(√(2/π)(z + 0.044715z³))), the tanh approximation (Dual's <c>Gelu</c>).</summary>
    Gelu,
}
