namespace Dual.Tests.Execution;

/// <summary>The compiled gradient's contract: inputs by position, who owns the results, clear errors; and the tensor VJP.</summary>
public class CompiledGradientTests
{
    private static readonly Expr W = Expr.Variable("w"), B = Expr.Variable("b"), X = Expr.Variable("x"), Y = Expr.Variable("y");
    private static readonly Expr Loss = ((W * X + B).Sigmoid() - Y).Square();

    [Fact]
    public void Inputs_are_the_variables_first_then_the_data_in_order_of_appearance()
    {
        var f = Grad.Compile(Loss, B, W);
        Assert.Equal(["b", "w", "x", "y"], f.Inputs.Select(i => i.Name));
        Assert.Equal(["b", "w"], f.Variables.Select(i => i.Name));
        Assert.Equal(["b", "w", "x", "y"], Grad.Compile(Loss, "b", "w").Inputs.Select(i => i.Name));
    }

    [Fact]
    public void The_neuron_gives_the_seeds_hand_formulas()
    {
        var (w, b, x, y) = (0.5, 0.1, 1.5, 1.0);
        var a = 1 / (1 + Math.Exp(-(w * x + b)));
        var s = 2 * (a - y) * a * (1 - a);
        var (value, grads) = Grad.Compile(Loss, W, B).Evaluate(w, b, x, y);
        Assert.Equal((a - y) * (a - y), value.ToScalar(), 1e-15);
        Assert.Equal(s * x, grads[0].ToScalar(), 1e-15);
        Assert.Equal(s, grads[1].ToScalar(), 1e-15);
    }

    [Fact]
    public void Fresh_results_are_never_written_by_later_calls_and_caller_arrays_are_written_every_call()
    {
        var f = Grad.Compile(Loss, W, B);
        var first = f.Evaluate(0.5, 0.1, 1.5, 1.0);
        var kept = first.Gradients.Select(g => g.ToArray()).ToArray();
        var arrays = f.NewGradientBuffers();
        var loss1 = f.EvaluateInto([0.5, 0.1, 1.5, 1.0], arrays);
        var second = f.Evaluate(-2.0, 0.3, 1.5, 0.0);
        var loss2 = f.EvaluateInto([-2.0, 0.3, 1.5, 0.0], arrays);

        for (var i = 0; i < kept.Length; i++) Assert.Equal(kept[i], first.Gradients[i].ToArray());
        Assert.Equal(first.Value.ToScalar(), loss1);
        Assert.Equal(second.Value.ToScalar(), loss2);
        Assert.Equal(second.Gradients.Select(g => g.ToScalar()), arrays.Select(a => a[0]));
        Assert.False(first.Gradients[0].Span.Overlaps(second.Gradients[0].Span));
    }

    [Fact]
    public void A_gradient_that_is_an_input_or_a_constant_is_copied_into_the_callers_array()
    {
        var a = Expr.Variable("a", [3]);
        var b = Expr.Variable("b", [3]);
        var loss = (a * b).Sum() + (a * Expr.Constant(Tensor.Vector(1, 2, 3))).Sum();
        var f = Grad.Compile(loss, a, b);
        var arrays = f.NewGradientBuffers();
        f.EvaluateInto([Tensor.Vector(1, 1, 1), Tensor.Vector(4, 5, 6)], arrays);
        Assert.Equal([5.0, 7, 9], arrays[0]);
        Assert.Equal([1.0, 1, 1], arrays[1]);
    }

    [Fact]
    public void Wrong_calls_are_clear_errors()
    {
        var f = Grad.Compile(Loss, W, B);
        Assert.Contains("4", Assert.Throws<ArgumentException>(() => f.Evaluate(1.0, 2.0)).Message, StringComparison.Ordinal);
        Assert.Contains("'x'", Assert.Throws<ShapeException>(() => f.Evaluate(0.5, 0.1, Tensor.Vector(1, 2), 1.0)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => f.EvaluateInto([0.5, 0.1, 1.5, 1.0], [new double[1]]));
        Assert.Throws<ArgumentException>(() => f.EvaluateInto([0.5, 0.1, 1.5, 1.0], [new double[1], new double[2]]));
        var shared = new double[1];
        Assert.Throws<ArgumentException>(() => f.EvaluateInto([0.5, 0.1, 1.5, 1.0], [shared, shared]));
        var owned = new double[] { 0.5 };
        Assert.Contains("backs an input", Assert.Throws<ArgumentException>(() =>
            f.EvaluateInto([TensorMarshal.FromOwnedArray(Shape.Scalar, owned), 0.1, 1.5, 1.0], [owned, new double[1]])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Grad.Compile(Loss, W * 2.0));
        Assert.Throws<ArgumentException>(() => Grad.Compile(Loss, "nope"));
        Assert.Throws<ShapeException>(() => Grad.Compile(W * Expr.Variable("v", [2])));
        Assert.Throws<ArgumentException>(() => Grad.Compile(Loss, [W], [W, B, X])); // y is not an input
    }

    [Fact]
    public void The_tensor_vjp_equals_the_gradient_of_the_sum_of_y_times_the_cotangent()
    {
        var x = Expr.Variable("x", [2, 3]);
        var m = Expr.Variable("m", [3, 2]);
        var y = x.MatMul(m).Tanh();
        var env = Env.Of(("x", Tensor.Generate([2, 3], i => 0.1 * i - 0.2)), ("m", Tensor.Generate([3, 2], i => 0.3 - 0.05 * i)));
        var dy = Tensor.FromArray([2, 2], [1.0, -2, 0.5, 3]);

        var (value, cotangents) = Grad.Vjp(y, env, dy, x, m);
        var byName = Grad.Vjp(y, env, dy, "m");
        var (_, expected) = Grad.ValueAndGrad((y * Expr.Constant(dy)).Sum(), env, x, m);

        Assert.Equal(y.Evaluate(env), value);
        Assert.True(expected["x"].AllClose(cotangents[0], 1e-14, 1e-15));
        Assert.True(expected["m"].AllClose(cotangents[1], 1e-14, 1e-15));
        Assert.Equal(cotangents[1], byName.Cotangents[0]);
        Assert.Throws<ShapeException>(() => Grad.Vjp(y, env, Tensor.Vector(1, 2, 3), x));
    }
}
