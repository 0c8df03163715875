namespace Dual.Models.Tests;

/// <summary>Every loss: its value from the textbook formula by plain loops, its gradient against finite differences, and shape errors.</summary>
public class LossesTests
{
    private static readonly Expr P = Expr.Variable("p", [3, 4]);
    private static readonly Expr T = Expr.Variable("t", [3, 4]);

    [Fact]
    public void MeanSquaredError_is_the_mean_of_squared_differences()
    {
        var (pv, tv) = (Checks.Uniform([3, 4], 1), Checks.Uniform([3, 4], 2));
        var expected = pv.ToArray().Zip(tv.ToArray(), (a, b) => (a - b) * (a - b)).Average();
        var env = Env.Of(("p", pv), ("t", tv));
        Assert.Equal(expected, Losses.MeanSquaredError(P, T).Evaluate(env).ToScalar(), 1e-14);
        Checks.GradientsAreRight(Losses.MeanSquaredError(P, T), env, "MeanSquaredError");
    }

    [Fact]
    public void BinaryCrossEntropyWithLogits_equals_the_textbook_formula_and_its_gradient_is_sigmoid_minus_target()
    {
        var (zv, tv) = (Checks.Uniform([3, 4], 3, -4, 4), Checks.Uniform([3, 4], 4, 0, 1));
        var env = Env.Of(("p", zv), ("t", tv));
        var loss = Losses.BinaryCrossEntropyWithLogits(P, T);
        var expected = zv.ToArray().Zip(tv.ToArray(), (z, t) => -t * Math.Log(Reference.Sigmoid(z)) - (1 - t) * Math.Log(1 - Reference.Sigmoid(z))).Average();
        Assert.Equal(expected, loss.Evaluate(env).ToScalar(), 1e-13);

        var (_, grads) = Grad.ValueAndGrad(loss, env, "p");
        var dz = zv.ToArray().Zip(tv.ToArray(), (z, t) => (Reference.Sigmoid(z) - t) / 12).ToArray();
        Checks.Close(Tensor.FromArray([3, 4], dz), grads["p"], 1e-15);
        Checks.GradientsAreRight(loss, env, "BinaryCrossEntropyWithLogits");
    }

    [Fact]
    public void BinaryCrossEntropyWithLogits_stays_finite_and_exact_for_huge_logits()
    {
        var z = Expr.Constant(Tensor.Vector(1000, -1000, 1000, -1000));
        var t = Expr.Constant(Tensor.Vector(0, 1, 1, 0));
        // Per element: 1000, 1000, ≈0, ≈0 (log(1 + e⁻¹⁰⁰⁰) underflows to 0); the naive formula gives ∞ or NaN.
        Assert.Equal(500, Losses.BinaryCrossEntropyWithLogits(z, t).Evaluate().ToScalar(), 1e-12);
        var zv = Expr.Variable("z", [4]);
        var g = Grad.Of(Losses.BinaryCrossEntropyWithLogits(zv, t), zv)[0].Evaluate(Env.Of(("z", Tensor.Vector(1000, -1000, 1000, -1000))));
        Checks.Close(Tensor.Vector(0.25, -0.25, 0, 0), g, 1e-15);
    }

    [Fact]
    public void SoftmaxCrossEntropy_is_the_mean_negative_log_probability_of_the_targets()
    {
        var logits = Expr.Variable("logits", [3, 5]);
        var lv = Checks.Uniform([3, 5], 5);
        int[] targets = [4, 0, 2];
        var loss = Losses.SoftmaxCrossEntropy(logits, Expr.Constant(Tensor.Vector(4, 0, 2)));
        var env = Env.Of(("logits", lv));
        Assert.Equal(Reference.CrossEntropy(Reference.Rows(lv), targets), loss.Evaluate(env).ToScalar(), 1e-14);
        Checks.GradientsAreRight(loss, env, "SoftmaxCrossEntropy");
    }

    [Fact]
    public void Hinge_is_micrograds_mean_of_relu_one_minus_label_times_score()
    {
        var scores = Expr.Variable("s", [6]);
        double[] s = [0.3, -1.7, 2.5, -0.4, 0.6, 1.8], y = [1, -1, -1, 1, -1, 1];
        var loss = Losses.Hinge(scores, Expr.Constant(Tensor.Vector(y)));
        var env = Env.Of(("s", Tensor.Vector(s)));
        // By hand: 0.7, 0, 3.5, 1.4, 1.6, 0 → 7.2 / 6.
        Assert.Equal(7.2 / 6, loss.Evaluate(env).ToScalar(), 1e-15);
        var g = Grad.Of(loss, scores)[0].Evaluate(env);
        Checks.Close(Tensor.Vector(-1.0 / 6, 0, 1.0 / 6, -1.0 / 6, 1.0 / 6, 0), g, 1e-15);
        Checks.GradientsAreRight(loss, env, "Hinge");
    }

    [Fact]
    public void L2_is_the_sum_of_squares_of_every_parameter()
    {
        var (w, b) = (Expr.Variable("w", [2, 3]), Expr.Variable("b", [4]));
        var (wv, bv) = (Checks.Uniform([2, 3], 6), Checks.Uniform([4], 7));
        var env = Env.Of(("w", wv), ("b", bv));
        var expected = wv.ToArray().Concat(bv.ToArray()).Sum(v => v * v);
        Assert.Equal(expected, Losses.L2([w, b]).Evaluate(env).ToScalar(), 1e-14);
        Assert.Equal(0.0, Losses.L2([]).Evaluate().ToScalar());
        var (_, grads) = Grad.ValueAndGrad(Losses.L2([w, b]), env);
        Checks.Close(Tensor.FromArray([2, 3], wv.ToArray().Select(v => 2 * v).ToArray()), grads["w"], 1e-15);
        Checks.GradientsAreRight(Losses.L2([w, b]), env, "L2");
    }

    [Fact]
    public void Losses_of_mismatched_shapes_are_shape_errors_naming_both_shapes()
    {
        var q = Expr.Variable("q", [4, 3]);
        foreach (var loss in new Func<Expr, Expr, Expr>[] { Losses.MeanSquaredError, Losses.BinaryCrossEntropyWithLogits, Losses.Hinge })
        {
            var e = Assert.Throws<ShapeException>(() => loss(P, q));
            Assert.Contains("[3, 4] and [4, 3]", e.Message, StringComparison.Ordinal);
        }
        Assert.Throws<ShapeException>(() => Losses.SoftmaxCrossEntropy(P, Expr.Constant(Tensor.Zeros([4]))));
    }
}
