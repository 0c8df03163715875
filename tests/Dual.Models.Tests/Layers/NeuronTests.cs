namespace Dual.Models.Tests;

/// <summary>The seed's neuron as a layer: value and gradient by the hand-derived chain rule.</summary>
public class NeuronTests
{
    [Fact]
    public void Neuron_declares_scalar_w_and_b_and_computes_sigmoid_of_w_x_plus_b()
    {
        var x = Expr.Variable("x", [3]);
        var built = Layers.Neuron(x).Build();

        Assert.Equal(["w", "b"], built.Parameters.Select(p => p.Path));
        Assert.All(built.Parameters, p => Assert.Equal(Shape.Scalar, p.Shape));
        var xs = new[] { 1.5, -0.3, 2.0 };
        var a = built.Value.Evaluate(Env.Of(("w", 0.5), ("b", 0.1), ("x", Tensor.Vector(xs))));
        for (var i = 0; i < 3; i++) Assert.Equal(1 / (1 + Math.Exp(-(0.5 * xs[i] + 0.1))), a[i], 1e-15);
    }

    [Fact]
    public void Gradient_of_the_squared_error_is_the_hand_derived_one()
    {
        var x = Expr.Variable("x", [3]);
        var y = Expr.Variable("y", [3]);
        var built = Layers.Neuron(x).Select(a => (a - y).Square().Sum()).Build();
        var (xs, ys) = (new[] { 1.5, -0.3, 2.0 }, new[] { 1.0, 0.0, 1.0 });
        var env = Env.Of(("w", 0.5), ("b", 0.1), ("x", Tensor.Vector(xs)), ("y", Tensor.Vector(ys)));

        var (_, grads) = Grad.ValueAndGrad(built.Value, env, "w", "b");

        // grad_w = Σ 2(a − y)·a(1 − a)·x, grad_b = Σ 2(a − y)·a(1 − a)
        double gw = 0, gb = 0;
        for (var i = 0; i < 3; i++)
        {
            var a = 1 / (1 + Math.Exp(-(0.5 * xs[i] + 0.1)));
            gw += 2 * (a - ys[i]) * a * (1 - a) * xs[i];
            gb += 2 * (a - ys[i]) * a * (1 - a);
        }
        Assert.Equal(gw, grads["w"].ToScalar(), 1e-14);
        Assert.Equal(gb, grads["b"].ToScalar(), 1e-14);
    }

    [Fact]
    public void Neuron_passes_the_gradient_check_at_its_initial_point()
    {
        var x = Expr.Variable("x", [4]);
        var built = Layers.Neuron(x).Build();
        Checks.GradientsAreRight(built.Value, built.Init(3).ToEnv(Env.Of(("x", Checks.Uniform([4], 1)))), "Neuron x[4]");
    }
}
