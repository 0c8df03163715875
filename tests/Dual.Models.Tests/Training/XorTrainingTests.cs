namespace Dual.Models.Tests.Training;

public class XorTrainingTests
{
    [Fact]
    public void A_tanh_mlp_learns_xor()
    {
        // MLP 2-8-1 with tanh, mean squared error against labels ±1, plain SGD η = 0.1, 300 steps.
        var data = Datasets.Xor();
        var x = Expr.Variable("x", Shape.Of(4, 2));
        var y = Expr.Variable("y", Shape.Of(4));
        var score = Layers.Mlp(x, [8, 1], h => h.Tanh()).Select(s => s.Reshape(Shape.Of(4)));
        var loss = score.Select(s => Losses.MeanSquaredError(s, y)).Build();
        var batch = Env.Of(("x", data.Inputs), ("y", data.Labels));

        var result = Trainer.Run(loss, loss.Init(seed: 0), new Sgd(0.1), steps: 300, _ => batch);

        var scores = Evaluator.Evaluate(score.Build().Value, result.Params.ToEnv(batch));
        double[] labels = [-1, 1, 1, -1];
        for (var i = 0; i < 4; i++)
            Assert.True(Math.Sign(scores[i]) == Math.Sign(labels[i]), $"point {i}: score {scores[i]:R}, label {labels[i]}");
        Assert.True(result.Losses[^1] < 1e-2 * result.Losses[0], $"loss went from {result.Losses[0]:R} to {result.Losses[^1]:R}");
    }
}
