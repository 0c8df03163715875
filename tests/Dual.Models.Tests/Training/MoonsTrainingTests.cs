namespace Dual.Models.Tests.Training;

public class MoonsTrainingTests
{
    [Fact]
    public void Micrograds_recipe_separates_the_moons()
    {
        // micrograd's demo: 100 points with noise 0.1, labels ±1; MLP 2-16-16-1 with ReLU and
        // micrograd's U(−1, 1) weights; loss = mean(relu(1 − y·score)) + 1e-4·Σp²; full-batch SGD
        // with η = 1.0 − 0.9·k/100 for k = 0 … 99. Data seed 0 and weight seed 0; measured: every
        // data seed 0–3 × weight seed 0–4 (with U(−1, 1) or Kaiming weights) reaches 100%.
        const int n = 100;
        var data = Datasets.Moons(n, noise: 0.1, seed: 0);
        var x = Expr.Variable("x", Shape.Of(n, 2));
        var y = Expr.Variable("y", Shape.Of(n));
        var score = Layers.Mlp(x, [16, 16, 1], h => h.Relu(), Init.Uniform(-1, 1)).Select(s => s.Reshape(Shape.Of(n)));
        var parameters = score.Build().Parameters.Select(p => Expr.Variable(p.Path, p.Shape)).ToList();
        var loss = score.Select(s => Losses.Hinge(s, y) + 1e-4 * Losses.L2(parameters)).Build();
        var batch = Env.Of(("x", data.Inputs), ("y", data.Labels));

        var result = Trainer.Run(loss, loss.Init(seed: 0), new Sgd(LearningRateSchedule.Linear(1.0, 0.1, 100)), steps: 100, _ => batch);

        Assert.Equal(0.109, result.Steps[^1].LearningRate, 14);
        var scores = Evaluator.Evaluate(score.Build().Value, result.Params.ToEnv(batch));
        var wrong = Enumerable.Range(0, n).Where(i => Math.Sign(scores[i]) != Math.Sign(data.Labels[i])).ToList();
        Assert.True(wrong.Count == 0, $"misclassified points: {string.Join(", ", wrong)}");
        Assert.True(result.Losses[^1] < 0.05, $"final loss {result.Losses[^1]:R}");
    }
}
