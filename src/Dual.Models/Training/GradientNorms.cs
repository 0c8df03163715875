using System.Numerics.Tensors;

namespace Dual.Models;

/// <summary>Gradient norms per parameter and per layer, to see where gradients vanish or explode.</summary>
public static class GradientNorms
{
    /// <summary>The L2 norm of each gradient, in the parameters' order.</summary>
    public static IReadOnlyList<PathNorm> PerParameter(Params gradients)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        return gradients.Select(g => new PathNorm(g.Key, TensorPrimitives.Norm(g.Value.Span))).ToArray();
    }

    /// <summary>
    /// The L2 norm of the gradients of each layer: parameters are grouped by their path without its
    /// last segment (<c>l0.w</c> and <c>l0.b</c> form layer <c>l0</c>; <c>h1.attn.wq</c> is in
    /// <c>h1.attn</c>; root parameters form the layer <c>""</c>), in order of first appearance.
    /// </summary>
    public static IReadOnlyList<PathNorm> PerLayer(Params gradients)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        return gradients
            .GroupBy(g => LayerOf(g.Key), StringComparer.Ordinal)
            .Select(layer => new PathNorm(layer.Key, Math.Sqrt(layer.Sum(g => TensorPrimitives.SumOfSquares(g.Value.Span)))))
            .ToArray();
    }

    /// <summary>The layer a parameter path belongs to: the path without its last dot-separated segment.</summary>
    public static string LayerOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var dot = path.LastIndexOf('.');
        return dot < 0 ? "" : path[..dot];
    }
}
