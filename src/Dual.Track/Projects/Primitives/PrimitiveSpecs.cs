using static Dual.Track.Projects.Functions;

namespace Dual.Track.Projects;

/// <summary>Project 7's three primitives: their math, where PrimitiveCheck draws their operands, and the VJP mistakes learners make with each.</summary>
internal static class PrimitiveSpecs
{
    public static readonly PrimitiveSpec Softplus = new(
        "softplus", 1, p => p.Softplus(), x => Softplus(x[0]), x => [Sigmoid(x[0])], Domain.Any,
        "softplus(x) = ln(1 + eˣ)", "dx = dy·σ(x), σ(x) = 1/(1 + e⁻ˣ)",
        [
            new((x, dy) => [-dy * Sigmoid(x[0])], "the sign is flipped: dx = dy·σ(x), and σ(x) is positive"),
            new((x, dy) => [dy * Softplus(x[0])], "you multiplied dy by y = ln(1 + eˣ) itself; its derivative is eˣ/(1 + eˣ) = σ(x)"),
            new((x, dy) => [dy * Math.Exp(x[0])], "the factor 1/(1 + eˣ) from the logarithm's derivative is missing: d/dx ln(1 + eˣ) = eˣ/(1 + eˣ) = σ(x)"),
            new((x, dy) => [dy * Sigmoid(-x[0])], "that is σ(−x) = 1/(1 + eˣ); the derivative of ln(1 + eˣ) is eˣ/(1 + eˣ) = σ(x)"),
        ]);

    public static readonly PrimitiveSpec Swish = new(
        "swish", 1, p => p.Swish(), x => Swish(x[0]), x => [Sigmoid(x[0]) + x[0] * Sigmoid(x[0]) * (1 - Sigmoid(x[0]))], Domain.Any,
        "swish(x) = x·σ(x)", "dx = dy·(σ(x) + x·σ(x)·(1 − σ(x))), the product rule",
        [
            new((x, dy) => [dy * (Sigmoid(x[0]) + x[0] * Sigmoid(x[0]))], "the factor (1 − σ(x)) of the sigmoid's derivative is missing: σ′(x) = σ(x)(1 − σ(x)), so dx = dy·(σ + x·σ·(1 − σ))"),
            new((x, dy) => [dy * Sigmoid(x[0])], "the product rule's second term is missing: d/dx x·σ(x) = σ(x) + x·σ′(x), with σ′ = σ(1 − σ)"),
            new((x, dy) => [dy * x[0] * Sigmoid(x[0]) * (1 - Sigmoid(x[0]))], "the product rule's first term σ(x) is missing: d/dx x·σ(x) = σ(x) + x·σ(x)(1 − σ(x))"),
            new((x, dy) => [-dy * (Sigmoid(x[0]) + x[0] * Sigmoid(x[0]) * (1 - Sigmoid(x[0])))], "the sign is flipped: dx = dy·(σ + x·σ·(1 − σ)), no minus"),
        ]);

    public static readonly PrimitiveSpec Hypot = new(
        "hypot", 2, p => p.Hypot(), x => Hypot(x[0], x[1]), x => [x[0] / Hypot(x[0], x[1]), x[1] / Hypot(x[0], x[1])], Domain.AwayFromZero,
        "hypot(a, b) = √(a² + b²)", "da = dy·a/y, db = dy·b/y",
        [
            new((x, dy) => [dy * x[1] / Hypot(x[0], x[1]), dy * x[0] / Hypot(x[0], x[1])], "the operands' cotangents are swapped: the first cotangent is a's, da = dy·a/y, and the second b's, db = dy·b/y"),
            new((x, dy) => [dy * x[0], dy * x[1]], "the division by y is missing: ∂√(a² + b²)/∂a = a/√(a² + b²) = a/y"),
            new((x, dy) => [2 * dy * x[0] / Hypot(x[0], x[1]), 2 * dy * x[1] / Hypot(x[0], x[1])], "a factor 2 too many: the 2 of a² cancels the ½ of the square root's derivative, so da = dy·a/y"),
            new((x, dy) => [-dy * x[0] / Hypot(x[0], x[1]), -dy * x[1] / Hypot(x[0], x[1])], "the sign is flipped: da = dy·a/y, db = dy·b/y"),
        ]);
}
