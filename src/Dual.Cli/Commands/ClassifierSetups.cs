using Dual.Models;

namespace Dual.Cli.Commands;

/// <summary>The small classifiers of <c>dual train</c>: <c>xor</c> and <c>moons</c>, full batch.</summary>
internal static class ClassifierSetups
{
    /// <summary>The default number of XOR steps.</summary>
    public const int XorSteps = 300;

    /// <summary>The default XOR learning rate (constant).</summary>
    public const double XorLearningRate = 0.1;

    /// <summary>micrograd's number of moons steps.</summary>
    public const int MoonsSteps = 100;

    /// <summary>micrograd's initial moons learning rate; it decays linearly to a tenth of it.</summary>
    public const double MoonsLearningRate = 1.0;

    /// <summary>XOR: MLP 2-8-1 with tanh, mean squared error against labels ±1, plain SGD.</summary>
    public static TrainingSetup Xor(int? steps, int seed, double? lr)
    {
        var data = Datasets.Xor();
        var x = Expr.Variable("x", Shape.Of(data.Count, 2));
        var y = Expr.Variable("y", Shape.Of(data.Count));
        var score = Layers.Mlp(x, [8, 1], h => h.Tanh()).Select(s => s.Reshape(Shape.Of(data.Count)));
        var loss = score.Select(s => Losses.MeanSquaredError(s, y)).Build();
        return Classifier(data, score.Build(), loss, loss.Init(seed), new Sgd(lr ?? XorLearningRate), steps ?? XorSteps);
    }

    /// <summary>
    /// micrograd's moons: 100 points with noise 0.1 (seeded by <paramref name="seed"/>, like the
    /// weights), MLP 2-16-16-1 with ReLU and U(−1, 1) weights, loss = mean(relu(1 − y·score)) + 1e-4·Σp²,
    /// full-batch SGD with η = lr·(1 − 0.9·k/steps).
    /// </summary>
    public static TrainingSetup Moons(int? steps, int seed, double? lr)
    {
        const int n = 100;
        var data = Datasets.Moons(n, noise: 0.1, seed: seed);
        var x = Expr.Variable("x", Shape.Of(n, 2));
        var y = Expr.Variable("y", Shape.Of(n));
        var score = Layers.Mlp(x, [16, 16, 1], h => h.Relu(), Init.Uniform(-1, 1)).Select(s => s.Reshape(Shape.Of(n)));
        var built = score.Build();
        var parameters = built.Parameters.Select(p => Expr.Variable(p.Path, p.Shape)).ToList();
        var loss = score.Select(s => Losses.Hinge(s, y) + 1e-4 * Losses.L2(parameters)).Build();
        var total = steps ?? MoonsSteps;
        var rate = lr ?? MoonsLearningRate;
        return Classifier(data, built, loss, loss.Init(seed), new Sgd(LearningRateSchedule.Linear(rate, 0.1 * rate, total)), total);
    }

    // Full batch; accuracy is the fraction of points whose score has the label's sign (labels ±1).
    private static TrainingSetup Classifier(LabeledData data, Built<Expr> score, Built<Expr> loss, Params initial, IOptimizer optimizer, int steps)
    {
        var batch = Env.Of(("x", data.Inputs), ("y", data.Labels));
        return new TrainingSetup(loss, initial, optimizer, steps, _ => batch, trained =>
        {
            var env = trained.ToEnv(batch);
            var scores = Evaluator.Evaluate(score.Value, env).Span;
            var labels = data.Labels.Span;
            var correct = 0;
            for (var i = 0; i < data.Count; i++)
            {
                if (Math.Sign(scores[i]) == Math.Sign(labels[i]))
                {
                    correct++;
                }
            }

            var finalLoss = Evaluator.Evaluate(loss.Value, env).ToScalar();
            return $"accuracy={Format.R((double)correct / data.Count)} loss={Format.R(finalLoss)}";
        }, batch);
    }
}
