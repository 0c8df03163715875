using System.Globalization;

namespace Dual.Models;

/// <summary>
/// The shape and options of a GPT (<see cref="Layers.Gpt"/>): sizes, which norm and activation, biases,
/// weight tying, where to normalise, and how to initialise. Sizes must be positive (checked as they are
/// set) and <see cref="Width"/> divisible by <see cref="Heads"/> (checked by <see cref="Validate"/>, which
/// every layer taking a config calls). Two presets: <see cref="MicroGpt"/> and <see cref="Shakespeare"/>.
/// </summary>
public sealed record GptConfig
{
    /// <summary>A configuration with the given sizes and default options (GPT-2 style: pre-LayerNorm with biases, GELU, final norm, untied head).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is zero or negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="width"/> is not divisible by <paramref name="heads"/>.</exception>
    public GptConfig(int vocabSize, int width, int heads, int layers, int blockSize)
    {
        VocabSize = vocabSize;
        Width = width;
        Heads = heads;
        Layers = layers;
        BlockSize = blockSize;
        Validate();
    }

    /// <summary>Karpathy's microgpt: vocab 27, width 16, 4 heads, 1 layer, block 16; RMSNorm without gain on the
    /// embedding sum and before attention and the MLP, ReLU, no biases, no final norm, untied head, init N(0, 0.08²).</summary>
    public static GptConfig MicroGpt { get; } = new GptConfig(27, 16, 4, 1, 16).InMicroGptStyle() with { InitStd = 0.08 };

    /// <summary>
    /// These sizes with microgpt's architecture: RMSNorm without gain on the embedding sum and before each sublayer,
    /// ReLU, no biases, no final norm, no scaled residual init. The initial spread (<see cref="InitStd"/>) is kept.
    /// </summary>
    public GptConfig InMicroGptStyle() => this with
    {
        Norm = GptNorm.RmsNorm,
        NormGain = false,
        EmbeddingNorm = true,
        FinalNorm = false,
        Activation = GptActivation.Relu,
        Bias = false,
        ScaleResidualInit = false,
    };

    /// <summary>The B5 model (char-level tiny Shakespeare): vocab 65, width 128, 4 heads, 4 layers, block 64;
    /// pre-LayerNorm with biases, GELU (tanh) MLP 4×, learned positions, final LayerNorm, untied bias-free head;
    /// init N(0, 0.02²), residual projections N(0, (0.02/√(2·layers))²), norms 1 and 0.</summary>
    public static GptConfig Shakespeare { get; } = new(65, 128, 4, 4, 64);

    /// <summary>The number of token ids (ids are <c>0 … VocabSize − 1</c>).</summary>
    public int VocabSize { get; init => field = Positive(value, nameof(VocabSize)); }

    /// <summary>The embedding width (n_embd): the last axis of every hidden state.</summary>
    public int Width { get; init => field = Positive(value, nameof(Width)); }

    /// <summary>The number of attention heads; each gets <see cref="HeadSize"/> = Width / Heads features.</summary>
    public int Heads { get; init => field = Positive(value, nameof(Heads)); }

    /// <summary>The number of transformer blocks (<c>h0, h1…</c>).</summary>
    public int Layers { get; init => field = Positive(value, nameof(Layers)); }

    /// <summary>The longest sequence: the number of learned positions. Inputs may be shorter.</summary>
    public int BlockSize { get; init => field = Positive(value, nameof(BlockSize)); }

    /// <summary>The hidden width of each MLP is MlpRatio · Width (default 4).</summary>
    public int MlpRatio { get; init => field = Positive(value, nameof(MlpRatio)); } = 4;

    /// <summary>The normalisation (default <see cref="GptNorm.LayerNorm"/>).</summary>
    public GptNorm Norm { get; init; } = GptNorm.LayerNorm;

    /// <summary>Whether norms have a learned gain <c>g</c> (default true; microgpt has none).</summary>
    public bool NormGain { get; init; } = true;

    /// <summary>The epsilon added to the variance or mean square in every norm (default 1e-5).</summary>
    public double NormEps
    {
        get;
        init => field = value >= 0 && double.IsFinite(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(NormEps), value, "NormEps must be finite and non-negative.");
    } = 1e-5;

    /// <summary>The MLP activation (default <see cref="GptActivation.Gelu"/>).</summary>
    public GptActivation Activation { get; init; } = GptActivation.Gelu;

    /// <summary>Whether the attention and MLP projections, and LayerNorms, have biases (default true). The lm-head never has one.</summary>
    public bool Bias { get; init; } = true;

    /// <summary>Whether the lm-head reuses the token embedding table (logits = h·wteᵀ) instead of its own <c>lm_head.w</c> (default false).</summary>
    public bool TieWeights { get; init; }

    /// <summary>Whether the embedding sum is normalised (<c>ln_e</c>) before the first block (default false; microgpt does).</summary>
    public bool EmbeddingNorm { get; init; }

    /// <summary>Whether the last block's output is normalised (<c>ln_f</c>) before the lm-head (default true).</summary>
    public bool FinalNorm { get; init; } = true;

    /// <summary>The standard deviation of the normal initialisation of embeddings and weight matrices (default 0.02).</summary>
    public double InitStd
    {
        get;
        init => field = value >= 0 && double.IsFinite(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(InitStd), value, "InitStd must be finite and non-negative.");
    } = 0.02;

    /// <summary>Whether the residual projections (<c>attn.wo</c>, <c>mlp.fc2.w</c>) start with std InitStd / √(2·Layers) (GPT-2; default true).</summary>
    public bool ScaleResidualInit { get; init; } = true;

    /// <summary>The features per head: Width / Heads.</summary>
    public int HeadSize => Width / Heads;

    /// <summary>The hidden width of each MLP: MlpRatio · Width.</summary>
    public int MlpWidth => MlpRatio * Width;

    /// <summary>Throws unless the sizes fit together: <see cref="Width"/> must be divisible by <see cref="Heads"/>.</summary>
    /// <exception cref="ArgumentException">Width is not divisible by Heads.</exception>
    public void Validate()
    {
        if (Width % Heads != 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"GptConfig: Width {Width} is not divisible by Heads {Heads}; each head needs Width / Heads features."));
    }

    private static int Positive(int value, string name) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, $"GptConfig: {name} must be positive.");
}
