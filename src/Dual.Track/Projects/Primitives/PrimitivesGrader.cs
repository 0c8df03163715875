using System.Globalization;
using Dual.Track.Grading;
using FsCheck;
using FsCheck.Fluent;
using static Dual.Track.Projects.Functions;

namespace Dual.Track.Projects;

/// <summary>
/// Grades <see cref="IPrimitives"/>: each primitive's forward against the grader's float64 reference at FsCheck-generated
/// vectors; its rules by Dual's <see cref="PrimitiveCheck"/> (finite differences, forward vs reverse, Taylor remainder,
/// on random shapes from a fixed seed, shrunk to the smallest failing case); softplus at |x| up to 1000; and the three
/// composed, <c>hypot(softplus(a), swish(b))</c>, against the same function built from Dual's built-ins. A failing rule
/// is explained by running the learner's VJP (and JVP) at fixed probe points: not linear in dy, or one of the mistakes
/// learners make with that op.
/// </summary>
internal static class PrimitivesGrader
{
    private static readonly PrimitiveSpec SoftplusSpec = new(
        "softplus", 1, p => p.Softplus(), x => Softplus(x[0]), x => [Sigmoid(x[0])], Domain.Any,
        "softplus(x) = ln(1 + eˣ)", "dx = dy·σ(x), σ(x) = 1/(1 + e⁻ˣ)",
        [
            new((x, dy) => [-dy * Sigmoid(x[0])], "the sign is flipped: dx = dy·σ(x), and σ(x) is positive"),
            new((x, dy) => [dy * Softplus(x[0])], "you multiplied dy by y = ln(1 + eˣ) itself; its derivative is eˣ/(1 + eˣ) = σ(x)"),
            new((x, dy) => [dy * Math.Exp(x[0])], "the factor 1/(1 + eˣ) from the logarithm's derivative is missing: d/dx ln(1 + eˣ) = eˣ/(1 + eˣ) = σ(x)"),
            new((x, dy) => [dy * Sigmoid(-x[0])], "that is σ(−x) = 1/(1 + eˣ); the derivative of ln(1 + eˣ) is eˣ/(1 + eˣ) = σ(x)"),
        ]);

    private static readonly PrimitiveSpec SwishSpec = new(
        "swish", 1, p => p.Swish(), x => Swish(x[0]), x => [Sigmoid(x[0]) + x[0] * Sigmoid(x[0]) * (1 - Sigmoid(x[0]))], Domain.Any,
        "swish(x) = x·σ(x)", "dx = dy·(σ(x) + x·σ(x)·(1 − σ(x))), the product rule",
        [
            new((x, dy) => [dy * (Sigmoid(x[0]) + x[0] * Sigmoid(x[0]))], "the factor (1 − σ(x)) of the sigmoid's derivative is missing: σ′(x) = σ(x)(1 − σ(x)), so dx = dy·(σ + x·σ·(1 − σ))"),
            new((x, dy) => [dy * Sigmoid(x[0])], "the product rule's second term is missing: d/dx x·σ(x) = σ(x) + x·σ′(x), with σ′ = σ(1 − σ)"),
            new((x, dy) => [dy * x[0] * Sigmoid(x[0]) * (1 - Sigmoid(x[0]))], "the product rule's first term σ(x) is missing: d/dx x·σ(x) = σ(x) + x·σ(x)(1 − σ(x))"),
            new((x, dy) => [-dy * (Sigmoid(x[0]) + x[0] * Sigmoid(x[0]) * (1 - Sigmoid(x[0])))], "the sign is flipped: dx = dy·(σ + x·σ·(1 − σ)), no minus"),
        ]);

    private static readonly PrimitiveSpec HypotSpec = new(
        "hypot", 2, p => p.Hypot(), x => Hypot(x[0], x[1]), x => [x[0] / Hypot(x[0], x[1]), x[1] / Hypot(x[0], x[1])], Domain.AwayFromZero,
        "hypot(a, b) = √(a² + b²)", "da = dy·a/y, db = dy·b/y",
        [
            new((x, dy) => [dy * x[1] / Hypot(x[0], x[1]), dy * x[0] / Hypot(x[0], x[1])], "the operands' cotangents are swapped: the first cotangent is a's, da = dy·a/y, and the second b's, db = dy·b/y"),
            new((x, dy) => [dy * x[0], dy * x[1]], "the division by y is missing: ∂√(a² + b²)/∂a = a/√(a² + b²) = a/y"),
            new((x, dy) => [2 * dy * x[0] / Hypot(x[0], x[1]), 2 * dy * x[1] / Hypot(x[0], x[1])], "a factor 2 too many: the 2 of a² cancels the ½ of the square root's derivative, so da = dy·a/y"),
            new((x, dy) => [-dy * x[0] / Hypot(x[0], x[1]), -dy * x[1] / Hypot(x[0], x[1])], "the sign is flipped: da = dy·a/y, db = dy·b/y"),
        ]);

    /// <summary>Operand values at which a rule is probed: generic, so different mistakes give different numbers.</summary>
    private static readonly double[][] UnaryProbes = [[0.7], [-1.3], [1.9]], BinaryProbes = [[0.7, -1.3], [-1.1, 0.4], [1.6, 0.9]];

    private static readonly double[] ProbeCotangents = [1.3, -0.6, 0.85];

    /// <summary>Values in [-5, 5] in steps of 0.01.</summary>
    private static readonly Gen<double> Value = Gen.Choose(-500, 500).Select(i => i / 100.0);

    /// <summary>|x| in [30, 1000] with either sign: eˣ overflows above about 709.</summary>
    private static readonly Gen<double> Large = Gen.Zip(Gen.Choose(30, 1000), Gen.Elements(-1, 1)).Select(t => (double)(t.Item1 * t.Item2));

    public static IEnumerable<CheckResult> Checks(IPrimitives primitives)
    {
        foreach (var spec in new[] { SoftplusSpec, SwishSpec, HypotSpec })
        {
            yield return Forward(primitives, spec);
            yield return Rules(primitives, spec);
            if (spec == SoftplusSpec)
            {
                yield return LargeSoftplus(primitives);
            }
        }

        yield return Composed(primitives);
    }

    private static Gen<double[][]> Operands(int arity, Gen<double> value) =>
        from n in Gen.Choose(1, 4)
        from rows in Gen.ArrayOf(Gen.ArrayOf(value, n), arity)
        select rows;

    private static IEnumerable<double[][]> Shrink(double[][] operands)
    {
        if (operands[0].Length > 1)
        {
            yield return [.. operands.Select(v => v[..^1])];
        }

        for (var k = 0; k < operands.Length; k++)
        {
            foreach (var simpler in Shrinks.OneSimpler(operands[k]))
            {
                var copy = (double[][])operands.Clone();
                copy[k] = simpler;
                yield return copy;
            }
        }
    }

    private static string Describe(double[][] operands) =>
        string.Join(", ", operands.Select((v, k) => $"{(char)('a' + k)}={Numbers.Text(v)}"));

    /// <summary>The learner's definition, or why there is none (a TODO is thrown on, for the caller's check to report).</summary>
    private static OpDef Define(IPrimitives primitives, PrimitiveSpec spec)
    {
        var op = spec.Define(primitives) ?? throw new InvalidOperationException($"{Method(spec)} returned null: return OpDef.Define(...)");
        return op.Arity == spec.Arity ? op
            : throw new InvalidOperationException($"{Method(spec)} defines an op of arity {op.Arity}; {spec.Name} takes {spec.Arity} operand{(spec.Arity == 1 ? "" : "s")}: OpDef.Define(name, arity: {spec.Arity}, ...)");
    }

    private static string Method(PrimitiveSpec spec) => char.ToUpperInvariant(spec.Name[0]) + spec.Name[1..] + "()";

    private static CheckResult Forward(IPrimitives primitives, PrimitiveSpec spec) =>
        PropertySearch.Run(
            $"{spec.Name} forward",
            Operands(spec.Arity, Value),
            Shrink,
            Describe,
            operands =>
            {
                var got = LearnerOp.Forward(Define(primitives, spec), operands);
                var expected = Enumerable.Range(0, operands[0].Length).Select(i => spec.Value([.. operands.Select(v => v[i])])).ToArray();
                var first = Enumerable.Range(0, expected.Length).FirstOrDefault(i => !Numbers.Close(expected[i], got[i]), -1);
                return first < 0 ? null : new Mismatch($"{spec.Name} forward: y[{first}] is wrong: expected {Numbers.Text(expected[first])}, got {Numbers.Text(got[first])}")
                {
                    Where = $"y[{first}]",
                    Expected = Numbers.Text(expected[first]) + " (float64 reference)",
                    Got = Numbers.Text(got[first]),
                    Hint = Numbers.NonFiniteHint(got[first]) ?? $"{spec.ForwardFormula}, element by element",
                };
            },
            $"{spec.ForwardFormula} at 100 random vectors",
            exceptionHint: $"the forward gets the operands' tensors and returns one tensor of their shape: {spec.ForwardFormula} per element");

    private static CheckResult Rules(IPrimitives primitives, PrimitiveSpec spec)
    {
        var name = $"{spec.Name} rules";
        OpDef op;
        try
        {
            op = Define(primitives, spec);
        }
        catch (NotWrittenYetException e)
        {
            return CheckResult.NotWritten(name, e.What);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Failed(name, Mismatch.Threw(e, Method(spec)));
        }

        var report = PrimitiveCheck.Run(op, new PrimitiveCheckOptions { Seed = PropertySearch.Seed, Domain = spec.Domain });
        if (report.Passed)
        {
            return CheckResult.Pass(name, $"{spec.VjpFormula}: PrimitiveCheck passed {report.Cases} random shapes (finite differences, forward vs reverse, Taylor remainder)");
        }

        if (LearnerOp.Todo(report.Error) is { } todo)
        {
            return CheckResult.NotWritten(name, todo.What);
        }

        var input = report.FailingCase is { } c ? CaseText(c) : null;
        var hint = SafeHint(() => Linearity(op, spec));
        if (report.Error is { } error)
        {
            return new CheckResult(name, CheckStatus.Failed, $"{spec.Name}: {error.Message}")
            {
                Input = input,
                Hint = hint ?? $"{spec.VjpFormula}: one cotangent per operand, each of its operand's shape",
            };
        }

        var checks = report.GradCheck!;
        var taylor = checks.Taylor?.ToString() ?? "taylor: not run";
        var forwardReverse = $"forward vs reverse: rel err {checks.ForwardReverseError.ToString("E2", CultureInfo.InvariantCulture)} {(checks.ForwardReversePassed ? "ok" : "FAILED")}";
        var wrong = checks.Variables.FirstOrDefault(v => !v.Passed);
        if (wrong is not null)
        {
            var where = $"{wrong.Name}{wrong.Shape} {(wrong.PerElement ? "element " + Index(wrong.Shape, wrong.WorstIndex) : "direction " + wrong.WorstIndex)}";
            return new CheckResult(name, CheckStatus.Failed, $"{spec.Name}: your VJP disagrees with finite differences of your forward at {where}; {forwardReverse}; {taylor}")
            {
                Input = input,
                Where = $"VJP, operand {where}",
                Expected = $"{Numbers.Text(wrong.Numeric)} (finite differences)",
                Got = $"{Numbers.Text(wrong.Analytic)} (your VJP)",
                Hint = hint ?? SafeHint(() => Suspected(op, spec)) ?? spec.VjpFormula,
            };
        }

        if (!checks.ForwardReversePassed)
        {
            return new CheckResult(name, CheckStatus.Failed, $"{spec.Name}: forward mode disagrees with reverse mode; finite differences ok; {taylor}")
            {
                Input = input,
                Where = "forward vs reverse",
                Expected = "forward and reverse mode agree: ⟨J·v, u⟩ = ⟨v, Jᵀ·u⟩",
                Got = $"relative difference {checks.ForwardReverseError.ToString("E2", CultureInfo.InvariantCulture)}",
                Hint = hint ?? SafeHint(() => JvpVersusVjp(op, spec)) ?? "forward mode uses your JVP rule (or the one Dual derives from your VJP): make it multiply by the same local derivative as the VJP",
            };
        }

        return new CheckResult(name, CheckStatus.Failed, $"{spec.Name}: the Taylor remainder test failed; {taylor}")
        {
            Input = input,
            Where = "Taylor remainder",
            Expected = "ratios near 4 (the remainder is O(h²))",
            Got = taylor,
            Hint = hint ?? $"ratios near 2 mean the gradient is not the derivative of your forward: {spec.VjpFormula}",
        };
    }

    private static CheckResult Failed(string name, Mismatch m) =>
        new(name, CheckStatus.Failed, m.Message) { Where = m.Where, Expected = m.Expected, Got = m.Got, Hint = m.Hint };

    private static string CaseText(CaseInstance c) =>
        string.Join(", ", c.Inputs.Select((s, k) =>
        {
            var v = c.Point[((char)('a' + k)).ToString()];
            return $"{(char)('a' + k)}{s.Shape} = {(v.Size > 12 ? v.Size + " values" : Numbers.Text(v.ToArray()))}";
        }));

    private static string Index(Shape shape, int flat)
    {
        var index = new int[shape.Rank];
        for (var axis = shape.Rank - 1; axis >= 0; axis--)
        {
            index[axis] = flat % shape[axis];
            flat /= shape[axis];
        }

        return $"[{string.Join(", ", index)}]";
    }

    /// <summary>A diagnosis that throws (the learner's rule throws at a probe) diagnoses nothing.</summary>
    private static string? SafeHint(Func<string?> diagnose)
    {
        try
        {
            return diagnose();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }

    private static double[][] Probes(PrimitiveSpec spec) => spec.Arity == 1 ? UnaryProbes : BinaryProbes;

    private static double[] CotangentsAt(OpDef op, double[] x, double dy) =>
        [.. LearnerOp.Cotangents(op, [.. x.Select(v => new[] { v })], [dy]).Select(c => c[0])];

    /// <summary>
    /// A VJP is linear in dy: twice the cotangent gives twice the operands' cotangents. One that ignores dy passes a check
    /// where dy = 1 (a lone op at the top of a graph) and breaks as soon as anything comes after it.
    /// </summary>
    private static string? Linearity(OpDef op, PrimitiveSpec spec)
    {
        foreach (var x in Probes(spec))
        {
            var once = CotangentsAt(op, x, 1.3);
            var twice = CotangentsAt(op, x, 2.6);
            if (once.Zip(twice).All(t => Numbers.Close(2 * t.First, t.Second)))
            {
                continue;
            }

            return once.Zip(twice).All(t => Numbers.Close(t.First, t.Second))
                ? $"your VJP does not use dy: it must return dy times the local derivative ({spec.VjpFormula}), not the local derivative alone; dy = 1 only when the op is the last one in the graph"
                : $"your VJP is not linear in dy: each cotangent must be dy times something that does not depend on dy ({spec.VjpFormula})";
        }

        return null;
    }

    private static string? Suspected(OpDef op, PrimitiveSpec spec)
    {
        var probes = Probes(spec);
        var got = probes.Select((x, i) => CotangentsAt(op, x, ProbeCotangents[i])).ToArray();
        return spec.Suspects.FirstOrDefault(s => probes.Select((x, i) => Same(s.Cotangents(x, ProbeCotangents[i]), got[i])).All(ok => ok))?.Hint;
    }

    /// <summary>Whether the learner's VJP gives a wrong cotangent at some probe point (or throws there).</summary>
    private static bool WrongAtProbes(OpDef op, PrimitiveSpec spec)
    {
        try
        {
            return !Probes(spec).Select((x, i) => Same(spec.Cotangents(x, ProbeCotangents[i]), CotangentsAt(op, x, ProbeCotangents[i]))).All(ok => ok);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return true;
        }
    }

    /// <summary>For an elementwise op, the JVP of a unit tangent in operand k is the VJP's cotangent k for dy = 1.</summary>
    private static string? JvpVersusVjp(OpDef op, PrimitiveSpec spec)
    {
        var x = Probes(spec)[0];
        var vjp = CotangentsAt(op, x, 1);
        for (var k = 0; k < spec.Arity; k++)
        {
            var tangents = x.Select((_, j) => new[] { j == k ? 1.0 : 0.0 }).ToArray();
            var jvp = LearnerOp.Tangent(op, [.. x.Select(v => new[] { v })], tangents)[0];
            if (!Numbers.Close(vjp[k], jvp))
            {
                return $"your JVP rule disagrees with your VJP rule at {Describe([.. x.Select(v => new[] { v })])}: a unit tangent in operand {(char)('a' + k)} gives {Numbers.Text(jvp)}, a unit cotangent {Numbers.Text(vjp[k])}; "
                    + "for an elementwise op both multiply by the same local derivative (fix the JVP, or delete it and let Dual derive it from the VJP)";
            }
        }

        return null;
    }

    private static bool Same(double[] expected, double[] got) =>
        expected.Length == got.Length && expected.Zip(got).All(t => Numbers.Close(t.First, t.Second));

    private static CheckResult LargeSoftplus(IPrimitives primitives) =>
        PropertySearch.Run(
            "softplus at large |x|",
            Large.Select(x => new[] { x }),
            v => Shrinks.TowardEdge(v[0], 30).Select(x => new[] { x }),
            v => $"x={Numbers.Text(v[0])}",
            v =>
            {
                var op = Define(primitives, SoftplusSpec);
                var x = v[0];
                var y = LearnerOp.Forward(op, [[x]])[0];
                if (!Numbers.Close(Softplus(x), y))
                {
                    return new Mismatch($"softplus({Numbers.Text(x)}) is wrong: expected {Numbers.Text(Softplus(x))}, got {Numbers.Text(y)}")
                    {
                        Where = "forward",
                        Expected = Numbers.Text(Softplus(x)) + " (float64 reference)",
                        Got = Numbers.Text(y),
                        Hint = double.IsFinite(y)
                            ? "softplus(x) = ln(1 + eˣ); for large |x| write it as max(x, 0) + ln(1 + e^−|x|)"
                            : "ln(1 + eˣ) overflows: eˣ is infinite for x above about 709. Write softplus(x) = max(x, 0) + ln(1 + e^−|x|), which never takes exp of a positive number",
                    };
                }

                var dx = CotangentsAt(op, [x], 1)[0];
                return Numbers.Close(Sigmoid(x), dx) ? null : new Mismatch($"the VJP of softplus at x={Numbers.Text(x)} is wrong: expected dx = σ(x) = {Numbers.Text(Sigmoid(x))} for dy = 1, got {Numbers.Text(dx)}")
                {
                    Where = "VJP",
                    Expected = Numbers.Text(Sigmoid(x)) + " (float64 reference)",
                    Got = Numbers.Text(dx),
                    Hint = double.IsFinite(dx)
                        ? SoftplusSpec.VjpFormula
                        : "eˣ/(1 + eˣ) is ∞/∞ = NaN for large x: write σ(x) with Dual's Sigmoid() on the operand, or as 1/(1 + e⁻ˣ)",
                };
            },
            "softplus and its VJP stay finite and right for |x| from 30 to 1000");

    /// <summary>Weights of the output for the composed check: dy of the last op is not 1, so every VJP must use its dy.</summary>
    private static Tensor Weights(int n) => Tensor.Generate(Shape.Of(n), i => 1.25 - 0.75 * i);

    private static CheckResult Composed(IPrimitives primitives) =>
        PropertySearch.Run(
            "composed: hypot(softplus(a), swish(b))",
            Operands(2, Gen.Choose(-300, 300).Select(i => i / 100.0)),
            Shrink,
            Describe,
            operands =>
            {
                var (softplus, swish, hypot) = (Define(primitives, SoftplusSpec), Define(primitives, SwishSpec), Define(primitives, HypotSpec));
                var n = operands[0].Length;
                var a = Expr.Variable("a", Shape.Of(n));
                var b = Expr.Variable("b", Shape.Of(n));
                var env = Env.Of(("a", Tensor.FromArray(a.Shape, operands[0])), ("b", Tensor.FromArray(b.Shape, operands[1])));
                var yours = LearnerOp.Unwrapped(() => hypot.Apply(softplus.Apply(a), swish.Apply(b)));
                var softplusRef = (1.0 + a.Exp()).Log();   // exact enough for |a| <= 3, and smooth (no kink at 0 to differentiate)
                var reference = (softplusRef.Square() + (b * b.Sigmoid()).Square()).Sqrt();
                var u = Weights(n);
                var (expectedValue, expected) = Grad.Vjp(reference, env, u, "a", "b");
                var (gotValue, got) = LearnerOp.Unwrapped(() => Grad.Vjp(yours, env, u, "a", "b"));
                var mismatch = Compare("y", expectedValue.ToArray(), gotValue.ToArray(), "make the forward checks above pass first")
                    ?? Compare("da", expected[0].ToArray(), got[0].ToArray(), null)
                    ?? Compare("db", expected[1].ToArray(), got[1].ToArray(), null);
                if (mismatch is not null)
                {
                    (PrimitiveSpec Spec, OpDef Op)[] ops = [(SoftplusSpec, softplus), (SwishSpec, swish), (HypotSpec, hypot)];
                    var linear = ops.Select(t => SafeHint(() => Linearity(t.Op, t.Spec)) is { } h ? $"{t.Spec.Name}: {h}" : null).FirstOrDefault(h => h is not null);
                    var wrongRule = ops.FirstOrDefault(t => WrongAtProbes(t.Op, t.Spec)).Spec;
                    return mismatch with
                    {
                        Hint = mismatch.Hint ?? linear
                            ?? (wrongRule is null ? "each op's rules are right at the probe points; look at how they are applied" : $"{wrongRule.Name}'s VJP is wrong: see the {wrongRule.Name} rules check above ({wrongRule.VjpFormula})"),
                    };
                }

                var check = LearnerOp.Unwrapped(() => GradCheck.Run(yours, env));
                return check.Passed ? null : new Mismatch("GradCheck of the composition failed: " + check.ToString().Replace(Environment.NewLine, "; ", StringComparison.Ordinal))
                {
                    Where = "GradCheck",
                    Hint = "forward mode uses your JVP rules: the rules checks above show which one disagrees with its VJP",
                };
            },
            "values and gradients match Dual's built-ins at 100 random vectors, and GradCheck passes on the composition");

    private static Mismatch? Compare(string name, double[] expected, double[] got, string? hint)
    {
        var first = Enumerable.Range(0, expected.Length).FirstOrDefault(i => !Numbers.Close(expected[i], got[i]), -1);
        return first < 0 ? null : new Mismatch($"{name}[{first}] of the composition is wrong: expected {Numbers.Text(expected[first])}, got {Numbers.Text(got[first])}")
        {
            Where = $"{name}[{first}]",
            Expected = Numbers.Text(expected[first]) + " (Dual's built-ins)",
            Got = Numbers.Text(got[first]) + " (your primitives)",
            Hint = Numbers.NonFiniteHint(got[first]) ?? hint,
        };
    }
}
