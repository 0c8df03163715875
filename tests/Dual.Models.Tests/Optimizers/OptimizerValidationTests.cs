namespace Dual.Models.Tests.Optimizers;

public class OptimizerValidationTests
{
    public static TheoryData<string> Optimizers => ["sgd", "momentum", "adam", "adamw"];

    private static IOptimizer Make(string name) => name switch
    {
        "sgd" => new Sgd(0.1),
        "momentum" => new Sgd(0.1, momentum: 0.9),
        "adam" => new Adam(0.1),
        _ => new AdamW(0.1),
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Gradients_with_other_keys_are_rejected_naming_them(string name)
    {
        var optimizer = Make(name);
        var p = Ps.Of(("l0.w", Tensor.Zeros(Shape.Of(2, 2))), ("l0.b", Tensor.Zeros(Shape.Of(2))));
        var g = Ps.Of(("l0.w", Tensor.Zeros(Shape.Of(2, 2))), ("l1.b", Tensor.Zeros(Shape.Of(2))));

        var e = Assert.Throws<ArgumentException>(() => optimizer.Update(p, g, optimizer.Init(p)));

        Assert.Contains("no gradients for: l0.b", e.Message, StringComparison.Ordinal);
        Assert.Contains("gradients for unknown parameters: l1.b", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Gradients_of_the_wrong_shape_are_rejected_naming_the_parameter(string name)
    {
        var optimizer = Make(name);
        var p = Ps.Of(("w", Tensor.Zeros(Shape.Of(2, 2))));
        var g = Ps.Of(("w", Tensor.Zeros(Shape.Of(4))));

        var e = Assert.Throws<ArgumentException>(() => optimizer.Update(p, g, optimizer.Init(p)));

        Assert.Contains("w is [2, 2] but its gradients is [4]", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Gradients_with_the_same_keys_in_another_order_update_as_in_order(string name)
    {
        // Parameters are matched by name, whatever order the gradients list them in.
        var optimizer = Make(name);
        var p = Ps.Of(("a", Tensor.Vector(1.0, 2.0)), ("b", Tensor.Vector(3.0)));
        var inOrder = Ps.Of(("a", Tensor.Vector(0.5, -1.0)), ("b", Tensor.Vector(2.0)));
        var swapped = Ps.Of(("b", Tensor.Vector(2.0)), ("a", Tensor.Vector(0.5, -1.0)));

        var (expected, _) = optimizer.Update(p, inOrder, optimizer.Init(p));
        var (actual, _) = optimizer.Update(p, swapped, optimizer.Init(p));

        Assert.Equal(expected["a"], actual["a"]);
        Assert.Equal(expected["b"], actual["b"]);
        Assert.NotEqual(p["a"], actual["a"]);
    }

    [Fact]
    public void A_state_from_another_optimizer_is_rejected()
    {
        var p = Ps.P(1);
        var e = Assert.Throws<ArgumentException>(() => new Adam(0.1).Update(p, p, new Sgd(0.1).Init(p)));
        Assert.Contains("slots [m, v]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_state_for_other_parameters_is_rejected()
    {
        var adam = new Adam(0.1);
        var state = adam.Init(Ps.Of(("a", Tensor.Vector(1.0))));
        var e = Assert.Throws<ArgumentException>(() => adam.Update(Ps.P(1), Ps.P(1), state));
        Assert.Contains("a", e.Message, StringComparison.Ordinal);
        Assert.Contains("p", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Betas_outside_zero_to_one_are_rejected(double beta)
    {
        Assert.Contains("beta1", Assert.Throws<ArgumentException>(() => new Adam(0.1, beta1: beta)).Message, StringComparison.Ordinal);
        Assert.Contains("beta2", Assert.Throws<ArgumentException>(() => new Adam(0.1, beta2: beta)).Message, StringComparison.Ordinal);
        Assert.Contains("beta1", Assert.Throws<ArgumentException>(() => new AdamW(0.1, beta1: beta)).Message, StringComparison.Ordinal);
        Assert.Contains("momentum", Assert.Throws<ArgumentException>(() => new Sgd(0.1, momentum: beta)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_bad_settings_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new Sgd(0.1, nesterov: true));
        Assert.Throws<ArgumentException>(() => new Adam(0.1, epsilon: 0));
        Assert.Throws<ArgumentException>(() => new AdamW(0.1, weightDecay: -0.01));
        Assert.Throws<ArgumentException>(() => new AdamW(0.1, weightDecay: double.NaN));
    }
}
