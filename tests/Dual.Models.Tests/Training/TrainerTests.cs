using Dual.Models.Tests.Optimizers;

namespace Dual.Models.Tests.Training;

public class TrainerTests
{
    // loss(w) = (w − 3)², w starts at 0; dloss/dw = 2(w − 3).
    private static Built<Expr> Quadratic() =>
        Model.Param("w", Shape.Scalar, Init.Zeros).Select(w => (w - 3.0).Square()).Build();

    [Fact]
    public void Two_sgd_steps_on_a_parabola_match_the_hand_computation()
    {
        // k = 0: w = 0,   loss = 9,    g = −6,   w ← 0 + 0.6   = 0.6
        // k = 1: w = 0.6, loss = 5.76, g = −4.8, w ← 0.6 + 0.48 = 1.08
        var model = Quadratic();
        var reports = new List<TrainingStep>();

        var result = Trainer.Run(model, model.Init(0), new Sgd(0.1), steps: 2, onStep: reports.Add);

        Assert.Equal(1.08, result.Params["w"].ToScalar(), 14);
        Assert.Equal(2, result.State.Step);
        Assert.Equal(9.0, result.Losses[0], 14);
        Assert.Equal(5.76, result.Losses[1], 14);
        Assert.Equal([0, 1], reports.Select(r => r.Step));
        Assert.Equal([6.0, 4.8], reports.Select(r => Math.Round(r.GradientNorm, 12)));
        Assert.All(reports, r => Assert.Equal(0.1, r.LearningRate));
        Assert.Equal(result.Steps, reports);
    }

    [Fact]
    public void The_compiled_gradient_binds_the_parameters_then_the_data_and_is_made_once_per_model()
    {
        var x = Expr.Variable("x", [3]);
        var model = (from v in Model.Param("v", [3], Init.Normal(1))
                     from c in Model.Param("c", Shape.Scalar, Init.Zeros)
                     select ((x * v).Sum() + c).Square()).Build();
        var compiled = Trainer.Compile(model);
        Assert.Same(compiled, Trainer.Compile(model));
        Assert.Equal(["v", "c", "x"], compiled.Inputs.Select(i => i.Name));

        var p = model.Init(2);
        var batch = Env.Of(("x", Tensor.Vector(1, -2, 0.5)));
        var (loss, gradients) = Trainer.ValueAndGrad(model, p, batch);
        var (value, fresh) = compiled.Evaluate(p["v"], p["c"], batch["x"]);
        Assert.Equal(loss, value.ToScalar());
        Assert.Equal(gradients["v"], fresh[0]);
        Assert.Equal(gradients["c"], fresh[1]);
    }

    [Fact]
    public void Clipping_limits_each_step_and_reports_the_norm_before_clipping()
    {
        // Gradients clipped to norm 1: k = 0: g = −6 → −1, w = 0.1; k = 1: g = −5.8 → −1, w = 0.2.
        var model = Quadratic();

        var result = Trainer.Run(model, model.Init(0), new Sgd(0.1), steps: 2, maxGradNorm: 1.0);

        Assert.Equal(0.2, result.Params["w"].ToScalar(), 14);
        Assert.Equal([6.0, 5.8], result.Steps.Select(r => Math.Round(r.GradientNorm, 12)));
        Assert.Equal(8.41, result.Losses[1], 14); // (0.1 − 3)²
    }

    [Fact]
    public void Each_step_binds_its_own_batch()
    {
        // loss = (w·x − y)², w₀ = 1, y = 0, x = k + 1 at step k; dloss/dw = 2(w·x − y)·x.
        // k = 0: x = 1, loss = 1,    g = 2,   w = 1 − 0.2    = 0.8
        // k = 1: x = 2, loss = 2.56, g = 6.4, w = 0.8 − 0.64 = 0.16
        var x = Expr.Variable("x");
        var y = Expr.Variable("y");
        var model = Model.Param("w", Shape.Scalar, Init.Ones).Select(w => (w * x - y).Square()).Build();
        var asked = new List<int>();

        var result = Trainer.Run(model, model.Init(0), new Sgd(0.1), 2, k =>
        {
            asked.Add(k);
            return Env.Of(("x", k + 1.0), ("y", 0.0));
        });

        Assert.Equal([0, 1], asked);
        Assert.Equal([1.0, 2.56], result.Losses.Select(l => Math.Round(l, 12)));
        Assert.Equal(0.16, result.Params["w"].ToScalar(), 14);
    }

    [Fact]
    public void Training_continues_from_a_state_as_if_it_had_not_stopped()
    {
        var model = Quadratic();
        var adam = new Adam(0.1);
        var both = Trainer.Run(model, model.Init(0), adam, 2);

        var first = Trainer.Run(model, model.Init(0), adam, 1);
        var steps = new List<int>();
        var second = Trainer.Run(model, first.Params, adam, 1, k => { steps.Add(k); return Env.Empty; }, state: first.State);

        Assert.Equal(both.Params["w"], second.Params["w"]);
        Assert.Equal(both.State["v"]["w"], second.State["v"]["w"]);
        Assert.Equal([1], steps);
        Assert.Equal(1, second.Steps[0].Step);
    }

    [Fact]
    public void Training_leaves_the_initial_parameters_unchanged()
    {
        var model = Quadratic();
        var initial = model.Init(0);

        var result = Trainer.Run(model, initial, new Sgd(0.1), 3);

        Assert.Equal(0.0, initial["w"].ToScalar());
        Assert.NotEqual(0.0, result.Params["w"].ToScalar());
    }

    [Fact]
    public void Value_and_grad_returns_gradients_keyed_and_ordered_like_the_parameters()
    {
        // loss = Σ a·b with a = [1, 2], b = [3, 4]: loss = 11, ∂/∂a = b, ∂/∂b = a.
        var model = (
            from a in Model.Param("a", Shape.Of(2), Init.From(Tensor.Vector(1, 2)))
            from b in Model.Param("b", Shape.Of(2), Init.From(Tensor.Vector(3, 4)))
            select (a * b).Sum()).Build();

        var (loss, grads) = Trainer.ValueAndGrad(model, model.Init(0));

        Assert.Equal(11.0, loss);
        Assert.Equal(["a", "b"], grads.Keys);
        Assert.Equal(Tensor.Vector(3, 4), grads["a"]);
        Assert.Equal(Tensor.Vector(1, 2), grads["b"]);
    }

    [Fact]
    public void A_batch_that_binds_a_parameter_name_is_rejected()
    {
        var model = Quadratic();
        var e = Assert.Throws<ArgumentException>(() => Trainer.Run(model, model.Init(0), new Sgd(0.1), 1, _ => Env.Of(("w", 5.0))));
        Assert.Contains("w", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parameters_that_do_not_match_the_model_are_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Trainer.Run(Quadratic(), Ps.P(1), new Sgd(0.1), 1));
        Assert.Contains("missing: w", e.Message, StringComparison.Ordinal);
        Assert.ThrowsAny<ArgumentException>(() => Trainer.Run(Quadratic(), Quadratic().Init(0), new Sgd(0.1), -1));
    }
}
