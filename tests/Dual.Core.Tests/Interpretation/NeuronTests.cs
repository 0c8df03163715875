namespace Dual.Tests.Interpretation;

/// <summary>The seed's worked example: the interpreter's gradients equal the hand-derived chain rule.</summary>
public class NeuronTests
{
    private static (Expr Loss, Expr W, Expr B) Neuron()
    {
        var (w, b, x, y) = (Expr.Variable("w"), Expr.Variable("b"), Expr.Variable("x"), Expr.Variable("y"));
        var a = (w * x + b).Sigmoid();
        return ((a - y).Square(), w, b);
    }

    private static (double GradW, double GradB) ByHand(double w, double b, double x, double y)
    {
        var z = w * x + b;
        var a = 1 / (1 + Math.Exp(-z));
        var dlossDa = 2 * (a - y);
        var daDz = a * (1 - a);
        var dzDw = x;
        return (dlossDa * daDz * dzDw, dlossDa * daDz);
    }

    [Fact]
    public void Worked_example_matches_the_hand_derived_gradients()
    {
        var (loss, _, _) = Neuron();
        var (value, grads) = Grad.ValueAndGrad(loss, Env.Of(("w", 0.5), ("b", 0.1), ("x", 1.5), ("y", 1.0)));
        var (gw, gb) = ByHand(0.5, 0.1, 1.5, 1.0);
        var a = 1 / (1 + Math.Exp(-(0.5 * 1.5 + 0.1)));
        Assert.Equal((a - 1) * (a - 1), value.ToScalar(), 1e-15);
        AssertRelative(gw, grads["w"].ToScalar());
        AssertRelative(gb, grads["b"].ToScalar());
    }

    [Fact]
    public void Many_random_neurons_match_the_hand_derived_gradients()
    {
        var (loss, w, b) = Neuron();
        var rng = new MathNet.Numerics.Random.MersenneTwister(20261128);
        for (var trial = 0; trial < 500; trial++)
        {
            double wv = 4 * rng.NextDouble() - 2, bv = 4 * rng.NextDouble() - 2, xv = 4 * rng.NextDouble() - 2, yv = rng.NextDouble();
            var env = Env.Of(("w", wv), ("b", bv), ("x", xv), ("y", yv));
            var grads = Evaluator.Evaluate(Grad.Of(loss, w, b), env);
            var (gw, gb) = ByHand(wv, bv, xv, yv);
            AssertRelative(gw, grads[0].ToScalar());
            AssertRelative(gb, grads[1].ToScalar());
        }
    }

    private static void AssertRelative(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Abs(expected) + 1e-300,
            $"expected {expected:R}, got {actual:R} (relative error {Math.Abs(expected - actual) / Math.Abs(expected):E2})");
}
