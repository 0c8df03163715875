using System.Numerics.Tensors;

namespace Dual.Models;

/// <summary>Gradient clipping, as pure functions.</summary>
public static class Clip
{
    /// <summary>The global L2 norm of all gradients together: <c>√(Σ over every tensor and element of g²)</c>.</summary>
    public static double GlobalNorm(Params gradients)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        var sum = 0.0;
        foreach (var g in gradients.Values) sum += TensorPrimitives.SumOfSquares(g.Span);
        return Math.Sqrt(sum);
    }

    /// <summary>
    /// Scales all gradients by one factor so that their global norm is at most
    /// <paramref name="maxNorm"/>: if the norm n exceeds it, every gradient is multiplied by
    /// <c>maxNorm / n</c>; otherwise the gradients are returned as they are. A non-finite norm is
    /// returned with the gradients unchanged, for the caller to see.
    /// </summary>
    /// <returns>The (possibly) clipped gradients and the norm before clipping.</returns>
    public static (Params Gradients, double Norm) ByGlobalNorm(Params gradients, double maxNorm)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        OptimizerChecks.Positive(maxNorm, nameof(maxNorm));
        var norm = GlobalNorm(gradients);
        if (!double.IsFinite(norm) || norm <= maxNorm) return (gradients, norm);
        var scale = maxNorm / norm;
        return (gradients.Map((_, g) => Elementwise.Scale(scale, g)), norm);
    }
}
