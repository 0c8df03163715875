namespace Dual.Models;

/// <summary>
/// AdamW (Loshchilov &amp; Hutter): Adam with decoupled weight decay λ, applied only to the
/// parameters <see cref="Decays"/> selects (by default those of rank 2 or more: weight matrices,
/// not biases or norm gains). For update t = step + 1, with m̂ and v̂ as in <see cref="Adam"/>:
/// <c>p ← p − η·(m̂/(√v̂ + ε) + λ·p)</c>, i.e. PyTorch's <c>p ← p·(1 − ηλ)</c> followed by the Adam step.
/// </summary>
public sealed class AdamW : IInPlaceOptimizer
{
    /// <summary>The default choice of decayed parameters: rank 2 or more.</summary>
    public static Func<string, Shape, bool> MatricesOnly { get; } = static (_, shape) => shape.Rank >= 2;

    /// <summary>A choice of decayed parameters by exact path.</summary>
    public static Func<string, Shape, bool> Only(params IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var set = paths.ToHashSet(StringComparer.Ordinal);
        return (path, _) => set.Contains(path);
    }

    /// <summary>AdamW with learning rate (or schedule) η, weight decay λ ≥ 0, β₁, β₂ in [0, 1), ε &gt; 0 and the decayed parameters (default <see cref="MatricesOnly"/>).</summary>
    public AdamW(LearningRateSchedule learningRate, double weightDecay = 0.01, double beta1 = 0.9, double beta2 = 0.999,
        double epsilon = 1e-8, Func<string, Shape, bool>? decays = null)
    {
        ArgumentNullException.ThrowIfNull(learningRate);
        OptimizerChecks.NonNegative(weightDecay, nameof(weightDecay));
        OptimizerChecks.Beta(beta1, nameof(beta1));
        OptimizerChecks.Beta(beta2, nameof(beta2));
        OptimizerChecks.Positive(epsilon, nameof(epsilon));
        (LearningRate, WeightDecay, Beta1, Beta2, Epsilon) = (learningRate, weightDecay, beta1, beta2, epsilon);
        Decays = decays ?? MatricesOnly;
    }

    /// <inheritdoc/>
    public LearningRateSchedule LearningRate { get; }

    /// <summary>λ, the decoupled weight decay per unit learning rate.</summary>
    public double WeightDecay { get; }

    /// <summary>β₁, the decay of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>β₂, the decay of the second moment.</summary>
    public double Beta2 { get; }

    /// <summary>ε, added to √v̂.</summary>
    public double Epsilon { get; }

    /// <summary>Which parameters (path, shape) weight decay applies to.</summary>
    public Func<string, Shape, bool> Decays { get; }

    /// <inheritdoc/>
    public OptimizerState Init(Params parameters) => AdamMath.Init(parameters);

    /// <inheritdoc/>
    public (Params Params, OptimizerState State) Update(Params parameters, Params gradients, OptimizerState state) =>
        AdamMath.Update(nameof(AdamW), LearningRate, Beta1, Beta2, Epsilon, WeightDecay, Decays, parameters, gradients, state);

    OptimizerState IInPlaceOptimizer.UpdateInPlace(OwnedArrays owned, Params gradients) =>
        AdamMath.Update(nameof(AdamW), LearningRate, Beta1, Beta2, Epsilon, WeightDecay, Decays, owned.Parameters, gradients, owned.State, owned).Item2;

    /// <inheritdoc/>
    public override string ToString() => $"AdamW(lr {LearningRate}, weight decay {WeightDecay}, beta1 {Beta1}, beta2 {Beta2}, eps {Epsilon})";
}
