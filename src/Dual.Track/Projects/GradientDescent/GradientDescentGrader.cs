using Dual.Track.Grading;
using FsCheck;
using FsCheck.Fluent;

namespace Dual.Track.Projects;

/// <summary>
/// Grades <see cref="IGradientDescent"/>: the update rule element by element (and that it leaves its inputs alone),
/// then the loss trajectory of fitting one neuron to a small seeded data set, whose gradients Dual computes, against
/// the same loop run by the grader.
/// </summary>
internal static class GradientDescentGrader
{
    /// <summary>One update's inputs.</summary>
    internal sealed record StepCase(double[] Parameters, double[] Gradient, double LearningRate);

    /// <summary>One training run: the data set's seed, the learning rate and the number of steps.</summary>
    internal sealed record TrainCase(int Seed, double LearningRate, int Steps);

    private const int Points = 8;
    private static readonly Expr W = Expr.Variable("w"), B = Expr.Variable("b");
    private static readonly Expr Xs = Expr.Variable("x", Shape.Of(Points)), Ys = Expr.Variable("y", Shape.Of(Points));
    private static readonly Expr Loss = ((W * Xs + B).Sigmoid() - Ys).Square().Mean();

    private static readonly Gen<double> Value = Shrinks.Hundredths(3);

    public static IEnumerable<CheckResult> Checks(IGradientDescent solution)
    {
        var stepCases =
            from n in Gen.Choose(1, 4)
            from p in Gen.ArrayOf(Value, n)
            from g in Gen.ArrayOf(Value, n)
            from lr in Gen.Choose(1, 100)
            select new StepCase(p, g, lr / 100.0);
        yield return PropertySearch.Run(
            "update rule",
            stepCases,
            ShrinkStep,
            c => $"parameters={Numbers.Text(c.Parameters)}, gradient={Numbers.Text(c.Gradient)}, lr={Numbers.Text(c.LearningRate)}",
            c => Step(solution, c),
            "Step returns p - lr*g as a new array at 100 cases");

        var trainCases =
            from seed in Gen.Choose(1, 50)
            from lr in Gen.Choose(1, 20)
            from steps in Gen.Choose(1, 25)
            select new TrainCase(seed, lr / 10.0, steps);
        var trajectory = PropertySearch.Run(
            "loss trajectory",
            trainCases,
            ShrinkTrain,
            c => $"data seed={c.Seed}, lr={Numbers.Text(c.LearningRate)}, steps={c.Steps} (start and data from the seed)",
            c => Trajectory(solution, c),
            "Train's losses match the grader's loop to 1e-9 at 40 runs",
            cases: 40);
        yield return trajectory.Status is CheckStatus.Passed or CheckStatus.Failed ? trajectory with { Figure = LossFigure(solution) } : trajectory;
    }

    /// <summary>The run the page draws: long enough for the curve to bend, the same for every learner.</summary>
    internal static readonly TrainCase Shown = new(Seed: 1, LearningRate: 2, Steps: 40);

    /// <summary>The learner's losses on <see cref="Shown"/> beside the grader's loop (the reference alone when Train throws).</summary>
    internal static TrackFigure LossFigure(IGradientDescent solution)
    {
        var (lossAndGradient, start) = Problem(Shown.Seed);
        var expected = Reference(lossAndGradient, start, Shown.LearningRate, Shown.Steps);
        double[]? got;
        try
        {
            got = solution.Train(lossAndGradient, (double[])start.Clone(), Shown.LearningRate, Shown.Steps);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            got = null;
        }

        var reference = new FigureSeries("the grader's loop", expected);
        return TrackFigure.Lines(
            $"Loss per step of gradient descent (data seed {Shown.Seed}, lr {Numbers.Text(Shown.LearningRate)}, {Shown.Steps} steps)",
            "step",
            "loss (mean squared error)",
            got is null ? [reference] : [new FigureSeries("your Train", got), reference]);
    }

    private static IEnumerable<StepCase> ShrinkStep(StepCase c)
    {
        if (c.Parameters.Length > 1)
        {
            yield return c with { Parameters = c.Parameters[..^1], Gradient = c.Gradient[..^1] };
        }

        foreach (var p in Shrinks.OneSimpler(c.Parameters))
        {
            yield return c with { Parameters = p };
        }

        foreach (var g in Shrinks.OneSimpler(c.Gradient))
        {
            yield return c with { Gradient = g };
        }

        foreach (var lr in Shrinks.Simpler(c.LearningRate).Where(lr => lr > 0))
        {
            yield return c with { LearningRate = lr };
        }
    }

    private static IEnumerable<TrainCase> ShrinkTrain(TrainCase c)
    {
        for (var steps = 1; steps < c.Steps; steps = steps * 2 + 1)
        {
            yield return c with { Steps = steps };
        }

        if (c.Steps > 1)
        {
            yield return c with { Steps = c.Steps - 1 };
        }

        if (c.Seed > 1)
        {
            yield return c with { Seed = 1 };
        }
    }

    private static Mismatch? Step(IGradientDescent solution, StepCase c)
    {
        var parameters = (double[])c.Parameters.Clone();
        var gradient = (double[])c.Gradient.Clone();
        var got = solution.Step(parameters, gradient, c.LearningRate);
        var expected = c.Parameters.Zip(c.Gradient, (p, g) => p - c.LearningRate * g).ToArray();
        if (got is null || got.Length != expected.Length)
        {
            return new Mismatch($"Step returned {(got is null ? "null" : got.Length + " values")}; expected {expected.Length}, one per parameter")
            {
                Expected = Numbers.Text(expected),
                Got = got is null ? "null" : Numbers.Text(got),
                Hint = "return a new array as long as the parameters",
            };
        }

        for (var i = 0; i < expected.Length; i++)
        {
            if (!Numbers.Close(expected[i], got[i]))
            {
                var (p, g, lr) = (c.Parameters[i], c.Gradient[i], c.LearningRate);
                var hint = Numbers.NonFiniteHint(got[i])
                    ?? (Numbers.Close(p + lr * g, got[i]) ? "the sign is flipped: step against the gradient, p - lr*g (adding climbs the loss)"
                    : Numbers.Close(p - g, got[i]) ? "the learning rate is missing: p - lr*g"
                    : Numbers.Close(-lr * g, got[i]) ? "you returned only the change -lr*g; the new parameter is p - lr*g"
                    : Numbers.Close(p - lr * lr * g, got[i]) ? "the learning rate is applied twice"
                    : "the update is p - lr*g, element by element");
                return new Mismatch($"new parameter [{i}] is wrong: expected {Numbers.Text(expected[i])}, got {Numbers.Text(got[i])}")
                {
                    Where = $"parameters[{i}]",
                    Expected = Numbers.Text(expected[i]),
                    Got = Numbers.Text(got[i]),
                    Hint = hint,
                };
            }
        }

        const string Pure = "Step must be pure: leave the inputs as they were and return a new array (the caller may still need the old parameters)";
        if (ReferenceEquals(got, parameters) || ReferenceEquals(got, gradient))
        {
            var which = ReferenceEquals(got, parameters) ? "parameters" : "gradient";
            return new Mismatch($"Step returned its input array {which} instead of a new one") { Where = which, Hint = Pure };
        }

        if (!parameters.SequenceEqual(c.Parameters) || !gradient.SequenceEqual(c.Gradient))
        {
            var which = !parameters.SequenceEqual(c.Parameters) ? "parameters" : "gradient";
            return new Mismatch($"Step changed its input array {which}") { Where = which, Hint = Pure };
        }

        return null;
    }

    /// <summary>The problem of a training case: the neuron's mean squared loss on 8 seeded points, gradients by Dual.</summary>
    private static (Func<double[], LossAndGradient> LossAndGradient, double[] Start) Problem(int seed)
    {
        var x = Tensor.RandomUniform(Shape.Of(Points), seed, -3, 3);
        var y = Tensor.Generate(Shape.Of(Points), i => x[i] > 0.5 ? 1.0 : 0.0);
        var start = Tensor.RandomUniform(Shape.Of(2), seed + 1000, -1, 1).ToArray();
        return (p =>
        {
            if (p is null || p.Length != 2)
            {
                throw new ArgumentException($"lossAndGradient takes the 2 parameters [w, b]; it was given {(p is null ? "null" : p.Length + " values")}");
            }

            var env = Env.Of(("w", p[0]), ("b", p[1]), ("x", x), ("y", y));
            var (value, gradients) = Grad.ValueAndGrad(Loss, env, "w", "b");
            return new LossAndGradient(value.ToScalar(), [gradients["w"].ToScalar(), gradients["b"].ToScalar()]);
        }, start);
    }

    private static double[] Reference(Func<double[], LossAndGradient> lossAndGradient, double[] start, double lr, int steps, int sign = 1)
    {
        var p = (double[])start.Clone();
        var losses = new double[steps];
        for (var k = 0; k < steps; k++)
        {
            var (loss, gradient) = lossAndGradient(p);
            losses[k] = loss;
            p = [.. p.Zip(gradient, (pi, gi) => pi - sign * lr * gi)];
        }

        return losses;
    }

    private static Mismatch? Trajectory(IGradientDescent solution, TrainCase c)
    {
        var (lossAndGradient, start) = Problem(c.Seed);
        var expected = Reference(lossAndGradient, start, c.LearningRate, c.Steps);
        var got = solution.Train(lossAndGradient, (double[])start.Clone(), c.LearningRate, c.Steps);
        if (got is null || got.Length != expected.Length)
        {
            var length = got?.Length ?? 0;
            return new Mismatch($"Train returned {(got is null ? "null" : length + " losses")}; expected {expected.Length}")
            {
                Expected = Numbers.Text(expected),
                Got = got is null ? "null" : Numbers.Text(got),
                Hint = length == expected.Length + 1 ? "one loss too many: record the loss before each of the N updates, not also after the last"
                    : length == expected.Length - 1 ? "one loss too few: N steps give N losses, the loss before each update"
                    : "N steps give N losses: the loss before each update",
            };
        }

        var longer = Reference(lossAndGradient, start, c.LearningRate, c.Steps + 1);
        var ascent = Reference(lossAndGradient, start, c.LearningRate, c.Steps, sign: -1);
        for (var k = 0; k < expected.Length; k++)
        {
            if (!Numbers.Close(expected[k], got[k]))
            {
                var hint = Numbers.NonFiniteHint(got[k])
                    ?? (got.Select((g, i) => Numbers.Close(longer[i + 1], g)).All(ok => ok) ? "each loss is the one after the update: record the loss before updating"
                    : got.Select((g, i) => Numbers.Close(ascent[i], g)).All(ok => ok) ? "the loss grows: the update adds the gradient; step against it, p - lr*g"
                    : got.All(g => Numbers.Close(expected[0], g)) ? "the loss never changes: are the parameters updated (p = Step(p, g, lr)) and the new ones used next time?"
                    : "each step: (loss, g) = lossAndGradient(p); record loss; p = p - lr*g");
                return new Mismatch($"loss at step {k} is wrong: expected {Numbers.Text(expected[k])}, got {Numbers.Text(got[k])}")
                {
                    Where = $"losses[{k}]",
                    Expected = Numbers.Text(expected[k]),
                    Got = Numbers.Text(got[k]),
                    Hint = hint,
                };
            }
        }

        return null;
    }
}
