namespace Dual.Models;

/// <summary>
/// Adam (Kingma &amp; Ba) with bias correction. For update t = step + 1:
/// <c>m ← β₁m + (1−β₁)g</c>, <c>v ← β₂v + (1−β₂)g²</c>, <c>m̂ = m/(1−β₁ᵗ)</c>, <c>v̂ = v/(1−β₂ᵗ)</c>,
/// <c>p ← p − η·m̂/(√v̂ + ε)</c>. The state has slots <c>m</c> and <c>v</c>.
/// </summary>
public sealed class Adam : IInPlaceOptimizer
{
    /// <summary>The name of the first-moment slot.</summary>
    public const string FirstMomentSlot = AdamMath.FirstMoment;

    /// <summary>The name of the second-moment slot.</summary>
    public const string SecondMomentSlot = AdamMath.SecondMoment;

    /// <summary>Adam with learning rate (or schedule) η, β₁, β₂ in [0, 1) and ε &gt; 0.</summary>
    public Adam(LearningRateSchedule learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(learningRate);
        OptimizerChecks.Beta(beta1, nameof(beta1));
        OptimizerChecks.Beta(beta2, nameof(beta2));
        OptimizerChecks.Positive(epsilon, nameof(epsilon));
        (LearningRate, Beta1, Beta2, Epsilon) = (learningRate, beta1, beta2, epsilon);
    }

    /// <inheritdoc/>
    public LearningRateSchedule LearningRate { get; }

    /// <summary>β₁, the decay of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>β₂, the decay of the second moment.</summary>
    public double Beta2 { get; }

    /// <summary>ε, added to √v̂.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    public OptimizerState Init(Params parameters) => AdamMath.Init(parameters);

    /// <inheritdoc/>
    public (Params Params, OptimizerState State) Update(Params parameters, Params gradients, OptimizerState state) =>
        AdamMath.Update(nameof(Adam), LearningRate, Beta1, Beta2, Epsilon, 0, static (_, _) => false, parameters, gradients, state);

    OptimizerState IInPlaceOptimizer.UpdateInPlace(OwnedArrays owned, Params gradients) =>
        AdamMath.Update(nameof(Adam), LearningRate, Beta1, Beta2, Epsilon, 0, static (_, _) => false, owned.Parameters, gradients, owned.State, owned).Item2;

    /// <inheritdoc/>
    public override string ToString() => $"Adam(lr {LearningRate}, beta1 {Beta1}, beta2 {Beta2}, eps {Epsilon})";
}
