namespace Dual.Models;

/// <summary>
/// The vanishing-gradient experiment: a deep, narrow MLP at initialisation, one seeded batch,
/// and the gradient norm of each layer. With sigmoid layers (whose derivative is at most ¼) the
/// norms shrink layer by layer toward the input; with ReLU layers and Kaiming initialisation they do not.
/// </summary>
public static class GradientFlow
{
    /// <summary>
    /// Per-layer gradient norms (<c>l0</c> nearest the input … <c>l{depth}</c>, the linear output
    /// layer) of an MLP with <paramref name="depth"/> hidden layers of <paramref name="width"/> units
    /// and <paramref name="activation"/>, weights drawn by <paramref name="init"/> and biases zero,
    /// for the loss <c>mean((f(x) − y)²)</c> on <paramref name="batchSize"/> inputs
    /// <c>x ~ N(0, 1)^width</c> and targets <c>y ~ N(0, 1)</c>, all seeded by <paramref name="seed"/>.
    /// </summary>
    public static IReadOnlyList<PathNorm> DeepMlp(Func<Expr, Expr> activation, Initializer init, int depth = 8, int width = 16, int batchSize = 64, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(activation);
        ArgumentNullException.ThrowIfNull(init);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(depth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var x = Expr.Variable("x", Shape.Of(batchSize, width));
        var y = Expr.Variable("y", Shape.Of(batchSize, 1));
        var widths = Enumerable.Repeat(width, depth).Append(1).ToArray();
        var model = Layers.Mlp(x, widths, activation, init).Select(output => (output - y).Square().Mean()).Build();
        var batch = Env.Of(
            ("x", Tensor.RandomNormal(x.Shape, seed)),
            ("y", Tensor.RandomNormal(y.Shape, unchecked(seed + 1))));
        var (_, gradients) = Trainer.ValueAndGrad(model, model.Init(seed), batch);
        return GradientNorms.PerLayer(gradients);
    }
}
