using Dual.Track.Grading;
using FsCheck;
using FsCheck.Fluent;

namespace Dual.Track.Projects;

/// <summary>
/// Grades the learner's optimizers over many steps, each step given the state the previous one returned: against
/// sequences known in closed form (a constant gradient from a zero state), Adam's first step (≈ lr per coordinate,
/// whatever the gradient's size), and the loss curves on a narrow valley against the grader's own loops, which the
/// result carries as a figure.
/// </summary>
internal static class OptimizerSequences
{
    private const double Epsilon = 1e-8;

    private static readonly Gen<double> Value = Shrinks.Hundredths(3);

    /// <summary>Gradients from 0.01 to 3 in size, either sign: never 0, so Adam's step lr·g/(|g| + ε) is ≈ lr.</summary>
    private static readonly Gen<double> Gradient = Gen.Zip(Gen.Choose(1, 300), Gen.Elements(-1, 1)).Select(t => t.Item1 * t.Item2 / 100.0);

    public static IEnumerable<CheckResult> Checks(IOptimizers solution)
    {
        yield return PropertySearch.Run("momentum, constant gradient", Cases(maxSteps: 30), c => c.Shrink(), c => c.Describe(adam: false),
            c => Sequence(solution, c, adam: false),
            "with a constant g from v = 0, p after t steps is p₀ − lr·g·(t − β(1 − βᵗ)/(1 − β)) at 100 runs of up to 30 steps");
        yield return PropertySearch.Run("adam first step", Cases(maxSteps: 1), c => c.Shrink(), c => c.Describe(adam: true),
            c => FirstStep(solution, c),
            "Adam's first step moves every coordinate by lr against the gradient, whatever the gradient's size, at 100 cases");
        yield return PropertySearch.Run("adam, constant gradient", Cases(maxSteps: 30), c => c.Shrink(), c => c.Describe(adam: true),
            c => Sequence(solution, c, adam: true),
            "with a constant g from a zero state, every Adam step moves p by lr·g/(|g| + ε) at 100 runs of up to 30 steps");
        yield return Valley(solution);
    }

    private static Gen<ConstantCase> Cases(int maxSteps) =>
        from n in Gen.Choose(1, 3)
        from p in Gen.ArrayOf(Value, n)
        from g in Gen.ArrayOf(Gradient, n)
        from steps in Gen.Choose(1, maxSteps)
        from lr in Gen.Choose(1, 100)
        from beta1 in Gen.Choose(50, 95)
        from beta2 in Gen.Choose(900, 999)
        select new ConstantCase(p, g, steps, lr / 1000.0, beta1 / 100.0, beta2 / 1000.0);

    /// <summary>The learner's parameters after each of <c>c.Steps</c> updates with the constant gradient, from a zero state.</summary>
    private static List<double[]> Run(IOptimizers solution, ConstantCase c, bool adam)
    {
        var path = new List<double[]>();
        var momentum = new MomentumState((double[])c.P.Clone(), new double[c.P.Length]);
        var state = new AdamState((double[])c.P.Clone(), new double[c.P.Length], new double[c.P.Length], 0);
        for (var k = 0; k < c.Steps; k++)
        {
            if (adam)
            {
                state = solution.AdamStep(state, (double[])c.G.Clone(), c.Lr, c.Beta1, c.Beta2, Epsilon);
                path.Add(state.Parameters);
            }
            else
            {
                momentum = solution.MomentumStep(momentum, (double[])c.G.Clone(), c.Lr, c.Beta1);
                path.Add(momentum.Parameters);
            }
        }

        return path;
    }

    /// <summary>Σₖ₌₁ᵗ (1 − βᵏ): how many gradients' worth momentum has moved after t steps of a constant gradient.</summary>
    private static double MomentumDistance(double beta, int t) => t - beta * (1 - Math.Pow(beta, t)) / (1 - beta);

    private static Mismatch? Sequence(IOptimizers solution, ConstantCase c, bool adam)
    {
        var got = Run(solution, c, adam);
        for (var k = 0; k < c.Steps; k++)
        {
            var t = k + 1;
            for (var i = 0; i < c.P.Length; i++)
            {
                var (p0, g) = (c.P[i], c.G[i]);
                var expected = adam ? p0 - t * c.Lr * g / (Math.Abs(g) + Epsilon) : p0 - c.Lr * g * MomentumDistance(c.Beta1, t);
                var value = got[k] is { } row && row.Length == c.P.Length ? row[i] : double.NaN;
                if (!Numbers.Close(expected, value))
                {
                    return new Mismatch($"parameter [{i}] after step {t} is wrong: expected {Numbers.Text(expected)}, got {Numbers.Text(value)}")
                    {
                        Where = $"step {t}, Parameters[{i}]",
                        Expected = Numbers.Text(expected) + (adam ? $" (p₀ − t·lr·g/(|g| + ε), t = {t})" : $" (p₀ − lr·g·(t − β(1 − βᵗ)/(1 − β)), t = {t})"),
                        Got = Numbers.Text(value),
                        Hint = Numbers.NonFiniteHint(value) ?? SequenceHint(c, adam, t, p0, g, value),
                    };
                }
            }
        }

        return null;
    }

    private static string SequenceHint(ConstantCase c, bool adam, int t, double p0, double g, double got)
    {
        if (!adam)
        {
            var distance = MomentumDistance(c.Beta1, t);
            return Numbers.Close(p0 - c.Lr * g * distance / (1 - c.Beta1), got) ? "(1 − β) is missing: v = βv + (1 − β)g, so a constant g gives v → g, not g/(1 − β)"
                : Numbers.Close(p0 + c.Lr * g * distance, got) ? "the parameters move with the gradient: p = p − lr·v"
                : Numbers.Close(p0 - c.Lr * g * t, got) ? "your parameters move as plain gradient descent would: the velocity starts at 0 and builds up, v = βv + (1 − β)g"
                : "make the momentum step check pass first; each step must start from the state the previous step returned";
        }

        // The grader's own loop without bias correction, one coordinate.
        var (p, m, v) = (p0, 0.0, 0.0);
        for (var k = 0; k < t; k++)
        {
            double[] x = [p, m, v, g, c.Lr, c.Beta1, c.Beta2, Epsilon, k];
            (p, m, v) = (UpdateRules.AdamParameter(x, correctM: false, correctV: false), UpdateRules.AdamM(x), UpdateRules.AdamV(x));
        }

        return Numbers.Close(p, got) ? "the bias correction is missing: with it, a constant gradient gives m̂ = g and v̂ = g², so every step is lr·g/(|g| + ε)"
            : Numbers.Close(p0 + t * c.Lr * g / (Math.Abs(g) + Epsilon), got) ? "the parameters move with the gradient: p = p − lr·m̂/(√v̂ + ε)"
            : "make the adam step check pass first; each step must start from the state the previous step returned (with Step counted up)";
    }

    private static Mismatch? FirstStep(IOptimizers solution, ConstantCase c)
    {
        var state = new AdamState((double[])c.P.Clone(), new double[c.P.Length], new double[c.P.Length], 0);
        var got = solution.AdamStep(state, (double[])c.G.Clone(), c.Lr, c.Beta1, c.Beta2, Epsilon);
        for (var i = 0; i < c.P.Length; i++)
        {
            var value = got?.Parameters is { } ps && ps.Length == c.P.Length ? ps[i] : double.NaN;
            var moved = value - c.P[i];
            // Hints compare the move with known wrong ones loosely: ε shifts each by up to ~3e-5 of itself here.
            var expected = -c.Lr * Math.Sign(c.G[i]);
            // lr·g/(|g| + ε) differs from lr by at most lr·ε/|g| ≤ 1e-6·lr here.
            if (Math.Abs(moved - expected) > 1e-6 * c.Lr || double.IsNaN(moved))
            {
                var ratio = Math.Abs(moved) / c.Lr;
                var hint = Numbers.NonFiniteHint(value)
                    ?? (Math.Sign(moved) == Math.Sign(c.G[i]) && Numbers.Close(1, ratio, 1e-3) ? "the step goes with the gradient: p = p − lr·m̂/(√v̂ + ε)"
                    : Numbers.Close((1 - c.Beta1) / Math.Sqrt(1 - c.Beta2), ratio, 1e-3) ? $"the bias correction is missing: without it the first step is lr·(1 − β₁)/√(1 − β₂) ≈ {ratio:0.##}·lr; with it m̂ = g and v̂ = g², so the step is lr·g/|g|"
                    : Numbers.Close(1 / Math.Sqrt(1 - c.Beta2), ratio, 1e-3) ? "v needs its bias correction too: v̂ = v/(1 − β₂ᵗ)"
                    : Numbers.Close(1 - c.Beta1, ratio, 1e-3) ? "m needs its bias correction too: m̂ = m/(1 − β₁ᵗ)"
                    : Numbers.Close(Math.Abs(c.G[i]), ratio, 1e-3) ? "the step scales with the gradient, as plain gradient descent does: divide m̂ by √v̂ + ε"
                    : "at t = 1, m̂ = g and v̂ = g², so the step is lr·g/(|g| + ε) ≈ lr against the gradient");
                return new Mismatch($"Adam's first step moved coordinate {i} by {Numbers.Text(moved)}; expected ≈ {Numbers.Text(expected)} (lr = {Numbers.Text(c.Lr)} against the gradient, whatever its size)")
                {
                    Where = $"Parameters[{i}]",
                    Expected = $"a move of {Numbers.Text(expected)} (± 1e-6·lr)",
                    Got = $"a move of {Numbers.Text(moved)} ({ratio:0.####}·lr)",
                    Hint = hint,
                };
            }
        }

        return null;
    }

    /// <summary>The valley f(p) = ½(p₀² + 100·p₁²): steep across, shallow along; where plain gradient descent crawls.</summary>
    private static double Loss(double[] p) => 0.5 * (p[0] * p[0] + 100 * p[1] * p[1]);

    private static double[] GradientAt(double[] p) => [p[0], 100 * p[1]];

    internal const int ValleySteps = 100;
    internal const double SgdRate = 0.018, MomentumRate = 0.3, MomentumBeta = 0.9, AdamRate = 0.1;
    private static readonly double[] ValleyStart = [-4, 1];

    /// <summary>The loss before each of the valley's steps, by the grader's loops: 0 = gradient descent, 1 = momentum, 2 = Adam.</summary>
    internal static double[] ValleyLosses(int method)
    {
        var losses = new double[ValleySteps];
        var (p, a, b) = ((double[])ValleyStart.Clone(), new double[2], new double[2]);
        for (var k = 0; k < ValleySteps; k++)
        {
            losses[k] = Loss(p);
            var g = GradientAt(p);
            for (var i = 0; i < 2; i++)
            {
                double[] momentum = [p[i], a[i], g[i], MomentumRate, MomentumBeta];
                double[] adam = [p[i], a[i], b[i], g[i], AdamRate, 0.9, 0.999, Epsilon, k];
                (p[i], a[i], b[i]) = method switch
                {
                    0 => (p[i] - SgdRate * g[i], 0.0, 0.0),
                    1 => (UpdateRules.MomentumParameter(momentum), UpdateRules.MomentumVelocity(momentum), 0.0),
                    _ => (UpdateRules.AdamParameter(adam), UpdateRules.AdamM(adam), UpdateRules.AdamV(adam)),
                };
            }
        }

        return losses;
    }

    private static CheckResult Valley(IOptimizers solution)
    {
        const string Name = "loss curves on a valley";
        const string Input = "f(p) = ½(p₀² + 100·p₁²) from p = [-4, 1], 100 steps: momentum lr 0.3, β 0.9; Adam lr 0.1, β₁ 0.9, β₂ 0.999, ε 1e-8";
        try
        {
            var momentum = new double[ValleySteps];
            var adam = new double[ValleySteps];
            var m = new MomentumState((double[])ValleyStart.Clone(), new double[2]);
            var s = new AdamState((double[])ValleyStart.Clone(), new double[2], new double[2], 0);
            for (var k = 0; k < ValleySteps; k++)
            {
                (momentum[k], adam[k]) = (Loss(m.Parameters), Loss(s.Parameters));
                m = solution.MomentumStep(m, GradientAt(m.Parameters), MomentumRate, MomentumBeta);
                s = solution.AdamStep(s, GradientAt(s.Parameters), AdamRate, 0.9, 0.999, Epsilon);
            }

            foreach (var (method, got, expected) in new[] { ("momentum", momentum, ValleyLosses(1)), ("Adam", adam, ValleyLosses(2)) })
            {
                var k = Enumerable.Range(0, ValleySteps).FirstOrDefault(i => !Numbers.Close(expected[i], got[i]), -1);
                if (k >= 0)
                {
                    return new CheckResult(Name, CheckStatus.Failed, $"{method}'s loss after {k} steps is wrong: expected {Numbers.Text(expected[k])}, got {Numbers.Text(got[k])}")
                    {
                        Input = Input,
                        Where = $"{method}, loss after {k} steps",
                        Expected = Numbers.Text(expected[k]) + " (the grader's own loop)",
                        Got = Numbers.Text(got[k]),
                        Hint = "make the step checks above pass first",
                    };
                }
            }

            var sgd = ValleyLosses(0);
            return CheckResult.Pass(Name, $"your losses match the grader's loops; after {ValleySteps} steps: gradient descent {sgd[^1]:G3}, momentum {momentum[^1]:G3}, Adam {adam[^1]:G3}")
                with
            {
                Input = Input,
                Figure = TrackFigure.Lines(
                    "Loss per step on the valley ½(p₀² + 100·p₁²)",
                    "step",
                    "loss",
                    new FigureSeries($"gradient descent (lr {Numbers.Text(SgdRate)}, the grader's)", sgd),
                    new FigureSeries($"your momentum (lr {Numbers.Text(MomentumRate)}, β {Numbers.Text(MomentumBeta)})", momentum),
                    new FigureSeries($"your Adam (lr {Numbers.Text(AdamRate)})", adam)) with { LogY = true },
            };
        }
        catch (NotWrittenYetException e)
        {
            return CheckResult.NotWritten(Name, e.What);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var threw = Mismatch.Threw(e, Name);
            return new CheckResult(Name, CheckStatus.Failed, threw.Message) { Input = Input, Hint = "make the checks above pass first" };
        }
    }
}
