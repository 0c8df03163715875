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
    /// <summary>Values in [-5, 5] in steps of 0.01.</summary>
    private static readonly Gen<double> Value = Shrinks.Hundredths(5);

    /// <summary>|x| in [30, 1000] with either sign: eˣ overflows above about 709.</summary>
    private static readonly Gen<double> Large = Gen.Zip(Gen.Choose(30, 1000), Gen.Elements(-1, 1)).Select(t => (double)(t.Item1 * t.Item2));

    public static IEnumerable<CheckResult> Checks(IPrimitives primitives)
    {
        foreach (var spec in new[] { PrimitiveSpecs.Softplus, PrimitiveSpecs.Swish, PrimitiveSpecs.Hypot })
        {
            yield return Forward(primitives, spec);
            yield return Rules(primitives, spec);
            if (ReferenceEquals(spec, PrimitiveSpecs.Softplus))
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
        var hint = RuleProbes.SafeHint(() => RuleProbes.Linearity(op, spec));
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
                Hint = hint ?? RuleProbes.SafeHint(() => RuleProbes.Dropped(op, spec)) ?? RuleProbes.SafeHint(() => RuleProbes.Suspected(op, spec)) ?? spec.VjpFormula,
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
                Hint = hint ?? RuleProbes.SafeHint(() => RuleProbes.JvpVersusVjp(op, spec)) ?? "forward mode uses your JVP rule (or the one Dual derives from your VJP): make it multiply by the same local derivative as the VJP",
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

    private static CheckResult LargeSoftplus(IPrimitives primitives) =>
        PropertySearch.Run(
            "softplus at large |x|",
            Large.Select(x => new[] { x }),
            v => Shrinks.TowardEdge(v[0], 30).Select(x => new[] { x }),
            v => $"x={Numbers.Text(v[0])}",
            v =>
            {
                var op = Define(primitives, PrimitiveSpecs.Softplus);
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

                var dx = RuleProbes.CotangentsAt(op, [x], 1)[0];
                return Numbers.Close(Sigmoid(x), dx) ? null : new Mismatch($"the VJP of softplus at x={Numbers.Text(x)} is wrong: expected dx = σ(x) = {Numbers.Text(Sigmoid(x))} for dy = 1, got {Numbers.Text(dx)}")
                {
                    Where = "VJP",
                    Expected = Numbers.Text(Sigmoid(x)) + " (float64 reference)",
                    Got = Numbers.Text(dx),
                    Hint = double.IsFinite(dx)
                        ? PrimitiveSpecs.Softplus.VjpFormula
                        : "eˣ/(1 + eˣ) is ∞/∞ = NaN for large x: write σ(x) with Dual's Sigmoid() on the operand, or as 1/(1 + e⁻ˣ)",
                };
            },
            "softplus and its VJP stay finite and right for |x| from 30 to 1000");

    /// <summary>Weights of the output for the composed check: dy of the last op is not 1, so every VJP must use its dy.</summary>
    private static Tensor Weights(int n) => Tensor.Generate(Shape.Of(n), i => 1.25 - 0.75 * i);

    private static CheckResult Composed(IPrimitives primitives) =>
        PropertySearch.Run(
            "composed: hypot(softplus(a), swish(b))",
            Operands(2, Shrinks.Hundredths(3)),
            Shrink,
            Describe,
            operands =>
            {
                var (softplus, swish, hypot) = (Define(primitives, PrimitiveSpecs.Softplus), Define(primitives, PrimitiveSpecs.Swish), Define(primitives, PrimitiveSpecs.Hypot));
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
                    (PrimitiveSpec Spec, OpDef Op)[] ops = [(PrimitiveSpecs.Softplus, softplus), (PrimitiveSpecs.Swish, swish), (PrimitiveSpecs.Hypot, hypot)];
                    var linear = ops.Select(t => RuleProbes.SafeHint(() => RuleProbes.Linearity(t.Op, t.Spec)) is { } h ? $"{t.Spec.Name}: {h}" : null).FirstOrDefault(h => h is not null);
                    var wrongRule = ops.FirstOrDefault(t => RuleProbes.WrongAtProbes(t.Op, t.Spec)).Spec;
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
