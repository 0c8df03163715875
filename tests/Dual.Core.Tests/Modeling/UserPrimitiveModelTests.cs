using Dual.Tests.Ops;

namespace Dual.Tests.Modeling;

/// <summary>A user-defined primitive inside a <see cref="Model{T}"/> trains like a built-in one.</summary>
public class UserPrimitiveModelTests
{
    private static Model<Expr> Dense(Expr x, int fanOut, OpDef activation) =>
        from w in Model.Param("w", [x.Shape[^1], fanOut], Init.Normal(1.0))
        from b in Model.Param("b", [fanOut], Init.Zeros)
        select activation.Apply(x.MatMul(w) + b);

    [Fact]
    public void Xor_with_a_user_defined_sigmoid_trains_to_convergence()
    {
        var x = Expr.Variable("x", [4, 2]);
        var t = Expr.Variable("t", [4, 1]);
        var model =
            from h in Dense(x, 8, UserPrimitives.Sigmoid).Named("hidden")
            from y in Dense(h, 1, UserPrimitives.Sigmoid).Named("out")
            select (y, loss: (y - t).Square().Mean());
        var built = model.Build();
        var data = Env.Of(("x", Tensor.FromRows([0, 0], [0, 1], [1, 0], [1, 1])), ("t", Tensor.FromRows([0], [1], [1], [0])));
        var parameters = built.Init(seed: 3);
        var wrt = built.Parameters.Select(p => p.Path).ToArray();

        var loss = double.NaN;
        for (var step = 0; step < 3000; step++)
        {
            var (value, gradients) = Grad.ValueAndGrad(built.Value.loss, parameters.ToEnv(data), wrt);
            loss = value.ToScalar();
            parameters = parameters.Map((path, p) => Tensor.Generate(p.Shape, i => p.Span[i] - 2.0 * gradients[path].Span[i]));
        }

        Assert.True(loss < 1e-3, $"loss {loss} after 3000 steps");
        var predictions = built.Value.y.Evaluate(parameters.ToEnv(data)).ToArray();
        Assert.Equal([0.0, 1.0, 1.0, 0.0], predictions.Select(p => Math.Round(p)));
        Assert.Contains("MySigmoid(", built.Value.loss.ToText(), StringComparison.Ordinal);
    }
}
