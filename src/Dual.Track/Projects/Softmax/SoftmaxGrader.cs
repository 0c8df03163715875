using Dual.Track.Grading;
using FsCheck;
using FsCheck.Fluent;

namespace Dual.Track.Projects;

/// <summary>
/// Grades <see cref="ISoftmaxCrossEntropy"/> at FsCheck-generated shapes (batch 1 to 4, classes 1 to 5) and logits in
/// [-5, 5]: the softmax and the loss against Dual's <c>Softmax</c> and <c>SoftmaxCrossEntropy</c>, the backward per
/// element against Dual's reverse mode of that loss, confirmed by central finite differences. Then all three again at
/// logits of magnitude up to 1e4, against the grader's own max-shifted reference (<see cref="StableReference"/>): no
/// NaN, no infinity, the same numbers. Shrinking makes the batch and the classes fewer first, so a failure shows the
/// smallest case.
/// </summary>
internal static class SoftmaxGrader
{
    /// <summary>Logits in [-5, 5] in steps of 0.01.</summary>
    private static readonly Gen<double> Value = Shrinks.Hundredths(5);

    /// <summary>Logits in [-1e4, 1e4] in steps of 0.01: exp overflows above about 709 and underflows below about -745.</summary>
    private static readonly Gen<double> Large = Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 100.0);

    private static readonly Gen<SoftmaxCase> Cases = CasesOf(Value, minClasses: 1);

    private static readonly Gen<SoftmaxCase> LargeCases = CasesOf(Large, minClasses: 2).Where(c => c.Logits.Max(Math.Abs) >= 1000);

    /// <summary>A case with distinct, generic values where different mistakes give different numbers.</summary>
    private static readonly SoftmaxCase Probe = new(3, 4,
        [0.3, -1.2, 0.7, 0.45, -0.9, 1.6, 0.25, -0.5, 1.1, 0.8, -1.3, 0.6],
        [2, 0, 3]);

    private const string LabelsHint = "labels are class indices from 0 to classes − 1: row i's onehot has its 1 at column labels[i]";

    private const string MaxShiftHint =
        "exp overflows above about 709 (exp(1000) = ∞, and ∞/∞ = NaN) and underflows to 0 below about -745 (0/0 = NaN): "
        + "subtract each row's maximum before exp. softmax(z) = softmax(z − max z), so nothing else changes, and the largest term is exp(0) = 1";

    private const string LogOfZeroHint =
        "log of a probability that underflowed to 0 is -∞: take log p[y] = (z[y] − m) − log Σ_j exp(z[j] − m), with m the row's maximum "
        + "(log-sum-exp), instead of the log of the softmax";

    public static IEnumerable<CheckResult> Checks(ISoftmaxCrossEntropy solution)
    {
        yield return PropertySearch.Run("softmax", Cases, Shrink, Describe, c => CompareSoftmax(solution, c, large: false),
            "p = softmax(Z) row by row at 100 random shapes");
        yield return PropertySearch.Run("loss", Cases, Shrink, Describe, c => CompareLoss(solution, c, large: false),
            "loss = mean over the batch of −log p[i, y[i]] at 100 random shapes");
        yield return PropertySearch.Run("dlogits", Cases, Shrink, Describe, c => CompareBackward(solution, c, large: false),
            "dZ = (p − onehot(y)) / batch at 100 random shapes", exceptionHint: LabelsHint);
        yield return PropertySearch.Run("softmax at |logits| up to 1e4", LargeCases, ShrinkLarge, Describe, c => CompareSoftmax(solution, c, large: true),
            "p stays finite and right for logits of magnitude up to 1e4");
        yield return PropertySearch.Run("loss at |logits| up to 1e4", LargeCases, ShrinkLarge, Describe, c => CompareLoss(solution, c, large: true),
            "the loss stays finite and right for logits of magnitude up to 1e4");
        yield return PropertySearch.Run("dlogits at |logits| up to 1e4", LargeCases, ShrinkLarge, Describe, c => CompareBackward(solution, c, large: true),
            "dZ stays finite and right for logits of magnitude up to 1e4", exceptionHint: LabelsHint);
    }

    private static Gen<SoftmaxCase> CasesOf(Gen<double> value, int minClasses) =>
        from batch in Gen.Choose(1, 4)
        from classes in Gen.Choose(minClasses, 5)
        from logits in Gen.ArrayOf(value, batch * classes)
        from labels in Gen.ArrayOf(Gen.Choose(0, classes - 1), batch)
        select new SoftmaxCase(batch, classes, logits, labels);

    private static IEnumerable<SoftmaxCase> Shrink(SoftmaxCase c) => c.Shrink(1, Shrinks.Simpler);

    /// <summary>Smaller cases that keep a logit of magnitude 1000 or more: a failure here is about large logits, not a repeat of the checks above.</summary>
    private static IEnumerable<SoftmaxCase> ShrinkLarge(SoftmaxCase c) => c.Shrink(2, Shrinks.Simpler).Where(k => k.Logits.Max(Math.Abs) >= 1000);

    private static string Describe(SoftmaxCase c) => c.ToString();

    /// <summary>Dual's loss of a case, its logits as the variable z and the labels as constants.</summary>
    private static (Expr Logits, Expr Loss, Env Env) Reference(SoftmaxCase c)
    {
        var z = Expr.Variable("z", Shape.Of(c.Batch, c.Classes));
        var labels = Expr.Constant(Tensor.FromArray(Shape.Of(c.Batch), [.. c.Labels.Select(y => (double)y)]));
        var env = Env.Of(("z", Tensor.FromArray(z.Shape, c.Logits)));
        return (z, Expr.SoftmaxCrossEntropy(z, labels), env);
    }

    /// <summary>Absolute tolerance: a unit in the last place of the largest logit (about 2e-12 at 1e4) may remain in a right loss.</summary>
    private static double Absolute(SoftmaxCase c) => Numbers.AbsoluteTolerance * Math.Max(1, c.Logits.Max(Math.Abs));

    /// <summary>A mistake as the values it gives, and its hint.</summary>
    private sealed record Mistake(string Hint, Func<SoftmaxCase, double[]> Formula);

    private static Mismatch? CompareSoftmax(ISoftmaxCrossEntropy solution, SoftmaxCase c, bool large)
    {
        var (z, _, env) = Reference(c);
        var expected = large ? StableReference.Softmax(c) : Evaluator.Evaluate(z.Softmax(), env).ToArray();
        Mistake[] mistakes =
        [
            new("the division by the row's sum is missing: p[i,j] = exp(z[i,j]) / Σ_k exp(z[i,k])", k => Numbers.Flatten(Map(k, (z, _, _) => Math.Exp(z)))),
            new("you normalised over the batch (each column); softmax normalises each row, over the classes", SoftmaxOverColumns),
        ];
        return Compare("p", expected, c, solution.Softmax(c.LogitsMatrix), large, large ? MaxShiftHint : null,
            "p[i,j] = exp(z[i,j] − m_i) / Σ_k exp(z[i,k] − m_i), m_i the row's maximum; each row sums to 1",
            mistakes, k => Numbers.Flatten(solution.Softmax(k.LogitsMatrix)));
    }

    private static Mismatch? CompareLoss(ISoftmaxCrossEntropy solution, SoftmaxCase c, bool large)
    {
        var (_, loss, env) = Reference(c);
        var expected = large ? StableReference.Loss(c) : Evaluator.Evaluate(loss, env).ToScalar();
        var got = solution.Loss(c.LogitsMatrix, (int[])c.Labels.Clone());
        if (Numbers.Close(expected, got, absolute: Absolute(c)))
        {
            return null;
        }

        Mistake[] mistakes =
        [
            new("you summed over the batch; the loss is the mean: divide by batch", k => [StableReference.Loss(k) * k.Batch]),
            new("the sign is flipped: the loss is −log p[y], which is never negative", k => [-StableReference.Loss(k)]),
        ];
        var hint = Numbers.NonFiniteHint(got) is { } nonFinite
            ? (large ? (double.IsNaN(got) ? MaxShiftHint : LogOfZeroHint) : nonFinite)
            : Diagnose(mistakes, c, [got], k => [solution.Loss(k.LogitsMatrix, (int[])k.Labels.Clone())])
                ?? "loss = (1/batch)·Σ_i −log p[i, y[i]], with log p[i, y] = (z[i,y] − m_i) − log Σ_j exp(z[i,j] − m_i)";
        return new Mismatch($"the loss is wrong: expected {Numbers.Text(expected)}, got {Numbers.Text(got)}")
        {
            Where = "loss",
            Expected = Numbers.Text(expected) + (large ? " (max-shifted float64 reference)" : " (Dual's SoftmaxCrossEntropy)"),
            Got = Numbers.Text(got),
            Hint = hint,
        };
    }

    private static Mismatch? CompareBackward(ISoftmaxCrossEntropy solution, SoftmaxCase c, bool large)
    {
        var (_, loss, env) = Reference(c);
        var expected = large ? StableReference.Backward(c) : Grad.ValueAndGrad(loss, env, "z").Gradients["z"].ToArray();
        Mistake[] mistakes =
        [
            new("you did not divide by the batch size: the loss is the mean over the batch, so dZ = (p − onehot(y)) / batch", k => Scale(StableReference.Backward(k), k.Batch)),
            new("the sign is flipped: dZ = (p − onehot(y)) / batch, not (onehot(y) − p) / batch", k => Scale(StableReference.Backward(k), -1)),
            new("the onehot is missing: subtract 1 at each row's label, dZ = (p − onehot(y)) / batch", k => Scale(StableReference.Softmax(k), 1.0 / k.Batch)),
        ];
        return Compare("dZ", expected, c, solution.Backward(c.LogitsMatrix, (int[])c.Labels.Clone()), large, large ? MaxShiftHint : null,
            "dZ[i,j] = (p[i,j] − [j = y[i]]) / batch",
            mistakes, k => Numbers.Flatten(solution.Backward(k.LogitsMatrix, (int[])k.Labels.Clone())),
            large ? null : index => Oracle.ElementDerivative(loss, env, "z", index));
    }

    private static Mismatch? Compare(
        string name,
        double[] expected,
        SoftmaxCase c,
        double[,]? got,
        bool large,
        string? nonFiniteHint,
        string formula,
        IReadOnlyList<Mistake> mistakes,
        Func<SoftmaxCase, double[]?> learner,
        Func<int, double>? differences = null)
    {
        if (got is null || got.GetLength(0) != c.Batch || got.GetLength(1) != c.Classes)
        {
            var shape = got is null ? "null" : $"shape [{got.GetLength(0)},{got.GetLength(1)}]";
            return new Mismatch($"{name} is {shape}; expected shape [{c.Batch},{c.Classes}]")
            {
                Where = name,
                Expected = $"shape [{c.Batch},{c.Classes}]",
                Got = shape,
                Hint = $"{name} has the logits' shape [batch, classes]",
            };
        }

        var flat = Numbers.Flatten(got);
        var absolute = Absolute(c);
        var wrong = Enumerable.Range(0, expected.Length).Where(i => !Numbers.Close(expected[i], flat[i], absolute: absolute)).ToList();
        if (wrong.Count == 0)
        {
            return null;
        }

        var first = wrong[0];
        var where = $"{name}[{first / c.Classes},{first % c.Classes}]";
        var scale = large ? $" at logits of magnitude up to {Numbers.Text(c.Logits.Max(Math.Abs))}" : "";
        var source = large ? " (max-shifted float64 reference)" : " (Dual reverse mode)";
        return new Mismatch($"{where} is wrong{scale}: expected {Numbers.Text(expected[first])}, got {Numbers.Text(flat[first])} ({wrong.Count} of {expected.Length} elements wrong)")
        {
            Where = where,
            Expected = differences is null ? Numbers.Text(expected[first]) + (name == "p" && !large ? " (Dual's Softmax)" : source)
                : Oracle.Describe(expected[first], differences(first)),
            Got = Numbers.Text(flat[first]),
            Hint = (double.IsFinite(flat[first]) ? null : nonFiniteHint ?? Numbers.NonFiniteHint(flat[first]))
                ?? Diagnose(mistakes, c, flat, learner)
                ?? formula,
        };
    }

    /// <summary>The first mistake whose values equal the learner's at the failing case and at the generic probe.</summary>
    private static string? Diagnose(IReadOnlyList<Mistake> mistakes, SoftmaxCase c, double[] got, Func<SoftmaxCase, double[]?> learner)
    {
        double[]? atProbe;
        try
        {
            atProbe = learner(Probe);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }

        return mistakes.FirstOrDefault(m => Same(m.Formula(c), got) && Same(m.Formula(Probe), atProbe))?.Hint;
    }

    private static bool Same(double[] expected, double[]? got) =>
        got is not null && got.Length == expected.Length && expected.Zip(got, (e, g) => Numbers.Close(e, g)).All(ok => ok);

    private static double[] Scale(double[] values, double s) => [.. values.Select(v => v * s)];

    private static double[,] Map(SoftmaxCase c, Func<double, int, int, double> f)
    {
        var m = new double[c.Batch, c.Classes];
        for (var i = 0; i < c.Batch; i++)
        {
            for (var j = 0; j < c.Classes; j++)
            {
                m[i, j] = f(c.Logits[i * c.Classes + j], i, j);
            }
        }

        return m;
    }

    private static double[] SoftmaxOverColumns(SoftmaxCase c)
    {
        var p = new double[c.Logits.Length];
        for (var j = 0; j < c.Classes; j++)
        {
            var column = Enumerable.Range(0, c.Batch).Select(i => c.Logits[i * c.Classes + j]).ToArray();
            var m = column.Max();
            var sum = column.Sum(z => Math.Exp(z - m));
            for (var i = 0; i < c.Batch; i++)
            {
                p[i * c.Classes + j] = Math.Exp(column[i] - m) / sum;
            }
        }

        return p;
    }
}
