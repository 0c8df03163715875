using Dual.Track.Grading;
using FsCheck;
using FsCheck.Fluent;

namespace Dual.Track.Projects;

/// <summary>
/// Grades <see cref="IOptimizers"/>: one momentum update and one Adam update at FsCheck-generated states, element by
/// element against the grader's own arithmetic (<see cref="UpdateRules"/>), and that neither changes what it is given;
/// then the sequences of <see cref="OptimizerSequences"/>.
/// </summary>
internal static class OptimizersGrader
{
    private static readonly Gen<double> Value = Shrinks.Hundredths(3);

    private static readonly Gen<double> Moment = Shrinks.Hundredths(1);

    /// <summary>Second moments are averages of squares: v ≥ 0.</summary>
    private static readonly Gen<double> Square = Gen.Choose(0, 200).Select(i => i * i / 10000.0);

    private static readonly double[][] MomentumProbes = [[0.3, -0.7, 1.3, 0.05, 0.9], [-1.1, 0.4, -0.6, 0.2, 0.8]];

    private static readonly double[][] AdamProbes = [[0.3, -0.2, 0.5, 1.3, 0.01, 0.9, 0.999, 1e-3, 3], [-1.1, 0.4, 0.09, -0.6, 0.05, 0.8, 0.99, 1e-2, 7]];

    public static IEnumerable<CheckResult> Checks(IOptimizers solution)
    {
        var momentumCases =
            from n in Gen.Choose(1, 4)
            from p in Gen.ArrayOf(Value, n)
            from v in Gen.ArrayOf(Moment, n)
            from g in Gen.ArrayOf(Value, n)
            from lr in Gen.Choose(1, 100)
            from beta in Gen.Choose(50, 99)
            select new MomentumCase(p, v, g, lr / 100.0, beta / 100.0);
        yield return PropertySearch.Run("momentum step", momentumCases, c => c.Shrink(), c => c.ToString(), c => Momentum(solution, c),
            "v = βv + (1 − β)g, p = p − lr·v, as new arrays, at 100 cases");

        var adamCases =
            from n in Gen.Choose(1, 4)
            from p in Gen.ArrayOf(Value, n)
            from m in Gen.ArrayOf(Moment, n)
            from v in Gen.ArrayOf(Square, n)
            from step in Gen.Choose(0, 30)
            from g in Gen.ArrayOf(Value, n)
            from lr in Gen.Choose(1, 100)
            from beta1 in Gen.Choose(80, 95)
            from beta2 in Gen.Choose(900, 999)
            from epsilon in Gen.Choose(2, 8)
            select new AdamCase(p, m, v, step, g, lr / 1000.0, beta1 / 100.0, beta2 / 1000.0, Math.Pow(10, -epsilon));
        yield return PropertySearch.Run("adam step", adamCases, c => c.Shrink(), c => c.ToString(), c => Adam(solution, c),
            "m, v, the bias-corrected step and Step + 1 match, as new arrays, at 100 cases");

        foreach (var check in OptimizerSequences.Checks(solution))
        {
            yield return check;
        }
    }

    private static Mismatch? Momentum(IOptimizers solution, MomentumCase c)
    {
        var (p, v, g) = ((double[])c.P.Clone(), (double[])c.V.Clone(), (double[])c.G.Clone());
        var got = solution.MomentumStep(new MomentumState(p, v), g, c.Lr, c.Beta);
        if (got is null)
        {
            return new Mismatch("MomentumStep returned null") { Hint = "return new MomentumState(newParameters, newVelocity)" };
        }

        double[] Point(int i) => [c.P[i], c.V[i], c.G[i], c.Lr, c.Beta];
        double Learner(double[] x, bool velocity)
        {
            var s = solution.MomentumStep(new MomentumState([x[0]], [x[1]]), [x[2]], x[3], x[4]);
            return velocity ? s.Velocity[0] : s.Parameters[0];
        }

        Suspect[] velocity =
        [
            new(x => x[4] * x[1] + x[2], "Velocity", "(1 − β) is missing: this project's momentum averages the gradient, v = βv + (1 − β)g (v = βv + g, PyTorch's form, is the same with lr·(1 − β) for lr, but it is not the one asked for here)"),
            new(x => (1 - x[4]) * x[1] + x[4] * x[2], "Velocity", "β and 1 − β are swapped: v = βv + (1 − β)g keeps most (β) of the old velocity"),
            new(x => x[4] * x[1] - (1 - x[4]) * x[2], "Velocity", "the sign is flipped: v = βv + (1 − β)g, and the step subtracts it"),
            new(x => x[2], "Velocity", "the old velocity is dropped: v = βv + (1 − β)g"),
        ];
        Suspect[] parameters =
        [
            new(x => x[0] + x[3] * UpdateRules.MomentumVelocity(x), "Parameters", "the sign is flipped: p = p − lr·v (step against the gradient's average)"),
            new(x => x[0] - x[3] * x[1], "Parameters", "step with the new velocity: first v = βv + (1 − β)g, then p = p − lr·v"),
            new(x => x[0] - x[3] * x[2], "Parameters", "the velocity is not used: p = p − lr·v with the new v, not p − lr·g"),
            new(x => x[0] - UpdateRules.MomentumVelocity(x), "Parameters", "the learning rate is missing: p = p − lr·v"),
        ];
        return Field("Velocity", c.P.Length, UpdateRules.MomentumVelocity, got.Velocity, Point, x => Learner(x, true), velocity, MomentumProbes, "v = βv + (1 − β)g")
            ?? Field("Parameters", c.P.Length, UpdateRules.MomentumParameter, got.Parameters, Point, x => Learner(x, false), parameters, MomentumProbes, "p = p − lr·v, with the new v")
            ?? Pure("MomentumStep", [("Parameters", p, c.P), ("Velocity", v, c.V), ("gradient", g, c.G)], [got.Parameters, got.Velocity]);
    }

    private static Mismatch? Adam(IOptimizers solution, AdamCase c)
    {
        var (p, m, v, g) = ((double[])c.P.Clone(), (double[])c.M.Clone(), (double[])c.V.Clone(), (double[])c.G.Clone());
        var got = solution.AdamStep(new AdamState(p, m, v, c.Step), g, c.Lr, c.Beta1, c.Beta2, c.Epsilon);
        if (got is null)
        {
            return new Mismatch("AdamStep returned null") { Hint = "return new AdamState(newParameters, newM, newV, step + 1)" };
        }

        if (got.Step != c.Step + 1)
        {
            return new Mismatch($"the new Step is {got.Step}; expected {c.Step + 1}")
            {
                Where = "Step",
                Expected = (c.Step + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Got = got.Step.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Hint = "count the update: the new state's Step is the old Step + 1 (the bias correction of the next update needs it)",
            };
        }

        double[] Point(int i) => [c.P[i], c.M[i], c.V[i], c.G[i], c.Lr, c.Beta1, c.Beta2, c.Epsilon, c.Step];
        double Learner(double[] x, int field)
        {
            var s = solution.AdamStep(new AdamState([x[0]], [x[1]], [x[2]], (int)x[8]), [x[3]], x[4], x[5], x[6], x[7]);
            return field switch { 0 => s.M[0], 1 => s.V[0], _ => s.Parameters[0] };
        }

        Suspect[] first =
        [
            new(x => x[5] * x[1] + x[3], "M", "(1 − β₁) is missing: m = β₁m + (1 − β₁)g"),
            new(x => (1 - x[5]) * x[1] + x[5] * x[3], "M", "β₁ and 1 − β₁ are swapped: m = β₁m + (1 − β₁)g"),
        ];
        Suspect[] second =
        [
            new(x => x[6] * x[2] + (1 - x[6]) * x[3], "V", "the gradient is not squared: v = β₂v + (1 − β₂)g²"),
            new(x => x[6] * x[2] + x[3] * x[3], "V", "(1 − β₂) is missing: v = β₂v + (1 − β₂)g²"),
            new(x => (1 - x[6]) * x[2] + x[6] * x[3] * x[3], "V", "β₂ and 1 − β₂ are swapped: v = β₂v + (1 − β₂)g²"),
        ];
        Suspect[] parameters =
        [
            new(x => UpdateRules.AdamParameter(x, correctM: false, correctV: false), "Parameters", "the bias correction is missing: m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ) with t = Step + 1 (m and v start at 0, so early on they are too small)"),
            new(x => UpdateRules.AdamParameter(x, correctV: false), "Parameters", "v needs its bias correction too: v̂ = v/(1 − β₂ᵗ)"),
            new(x => UpdateRules.AdamParameter(x, correctM: false), "Parameters", "m needs its bias correction too: m̂ = m/(1 − β₁ᵗ)"),
            new(x => UpdateRules.AdamParameter(x, tOffset: 0), "Parameters", "t is this update's number, Step + 1 (Step counts the updates made before it)"),
            new(x => UpdateRules.AdamParameter(x, sign: -1), "Parameters", "the sign is flipped: p = p − lr·m̂/(√v̂ + ε)"),
            new(x => UpdateRules.AdamParameter(x, epsilonInside: true), "Parameters", "ε goes outside the square root: m̂/(√v̂ + ε), not m̂/√(v̂ + ε)"),
            new(x => UpdateRules.AdamParameter(x, oldMoments: true), "Parameters", "step with the new m and v (after this gradient), not the ones you were given"),
        ];
        var parameterHint = c.Step == 0 && got.Parameters is { } ps && ps.Any(x => !double.IsFinite(x))
            ? "at the first update (Step 0) something divided by zero: the bias correction uses t = Step + 1, so 1 − βᵗ is never 0"
            : null;
        return Field("M", c.P.Length, UpdateRules.AdamM, got.M, Point, x => Learner(x, 0), first, AdamProbes, "m = β₁m + (1 − β₁)g")
            ?? Field("V", c.P.Length, UpdateRules.AdamV, got.V, Point, x => Learner(x, 1), second, AdamProbes, "v = β₂v + (1 − β₂)g²")
            ?? Field("Parameters", c.P.Length, x => UpdateRules.AdamParameter(x), got.Parameters, Point, x => Learner(x, 2), parameters, AdamProbes,
                parameterHint ?? "p = p − lr·m̂/(√v̂ + ε), m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ), t = Step + 1, with the new m and v", parameterHint is not null)
            ?? Pure("AdamStep", [("Parameters", p, c.P), ("M", m, c.M), ("V", v, c.V), ("gradient", g, c.G)], [got.Parameters, got.M, got.V]);
    }

    /// <summary>
    /// One array of the new state, element by element against the grader's rule; a wrong element is explained by the
    /// suspects at its own inputs (a one-parameter state) and at generic probes.
    /// </summary>
    private static Mismatch? Field(
        string field, int length, Func<double[], double> rule, double[]? got, Func<int, double[]> point, Func<double[], double> learner,
        Suspect[] suspects, double[][] probes, string formula, bool formulaFirst = false)
    {
        if (got is null || got.Length != length)
        {
            return new Mismatch($"the new {field} has {(got is null ? "null" : got.Length + " values")}; expected {length}, one per parameter")
            {
                Where = field,
                Hint = "return new arrays as long as the parameters",
            };
        }

        for (var i = 0; i < length; i++)
        {
            var expected = rule(point(i));
            if (!Numbers.Close(expected, got[i]))
            {
                var hint = formulaFirst ? formula
                    : Suspect.Explain(suspects, point(i), learner, probes)?.Hint ?? Numbers.NonFiniteHint(got[i]) ?? formula;
                return new Mismatch($"the new {field}[{i}] is wrong: expected {Numbers.Text(expected)}, got {Numbers.Text(got[i])}")
                {
                    Where = $"{field}[{i}]",
                    Expected = Numbers.Text(expected),
                    Got = Numbers.Text(got[i]),
                    Hint = hint,
                };
            }
        }

        return null;
    }

    /// <summary>The update returned new arrays and left every given one as it was.</summary>
    private static Mismatch? Pure(string function, (string Name, double[] Given, double[] Original)[] inputs, double[][] outputs)
    {
        var hint = $"{function} must be pure: leave the state and the gradient as they were and return new arrays (the caller may still need the old state; Dual's optimizers work the same way)";
        foreach (var (name, given, _) in inputs)
        {
            if (outputs.Any(o => ReferenceEquals(o, given)))
            {
                return new Mismatch($"{function} returned the given {name} array instead of a new one") { Where = name, Hint = hint };
            }
        }

        foreach (var (name, given, original) in inputs)
        {
            if (!given.SequenceEqual(original))
            {
                return new Mismatch($"{function} changed the given {name}") { Where = name, Hint = hint };
            }
        }

        return null;
    }
}
