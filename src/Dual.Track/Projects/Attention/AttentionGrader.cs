using Dual.Track.Grading;
using FsCheck;
using FsCheck.Fluent;

namespace Dual.Track.Projects;

/// <summary>
/// Grades <see cref="IAttention"/> at FsCheck-generated shapes (T from 1 to 5 positions, widths 1 to 3) and values: the
/// forward pass against Dual's evaluation; dX, dWq, dWk and dWv against Dual's reverse mode of
/// <c>loss = Σ out ⊙ dOut</c>, per element, a failing element confirmed by central finite differences; and causality:
/// with dOut zero after row i, dX must be exactly zero after row i (out[i] depends on x[0…i] only).
/// </summary>
internal static class AttentionGrader
{
    /// <summary>What a gradient that must vanish may be at most (the learner's exact zeros are 0; a leak is far larger).</summary>
    public const double CausalZero = 1e-12;

    private static readonly Gen<double> Value = Shrinks.Hundredths(1.5);

    private static readonly Gen<AttentionCase> Cases =
        from t in Gen.Choose(1, 5)
        from c in Gen.Choose(1, 3)
        from d in Gen.Choose(1, 3)
        from e in Gen.Choose(1, 2)
        from x in Gen.ArrayOf(Value, t * c)
        from wq in Gen.ArrayOf(Value, c * d)
        from wk in Gen.ArrayOf(Value, c * d)
        from wv in Gen.ArrayOf(Value, c * e)
        from dOut in Gen.ArrayOf(Value, t * e)
        select new AttentionCase(t, c, d, e, x, wq, wk, wv, dOut);

    /// <summary>A case with distinct, generic values where different mistakes give different numbers.</summary>
    private static readonly AttentionCase Probe = new(
        4, 3, 2, 2,
        [0.3, -1.2, 0.7, 0.45, -0.9, 1.6, 1.1, 0.25, -0.6, -0.35, 0.8, 0.15],
        [0.25, -0.5, 1.1, 0.8, -1.3, 0.6],
        [0.7, 0.35, -0.45, 1.2, 0.9, -0.8],
        [0.5, -1.1, 0.65, 0.3, -0.2, 0.95],
        [1.0, -0.3, 0.6, 0.45, -0.75, 0.2, 1.3, -0.1]);

    /// <summary>The case whose attention weights the forward check draws: six positions, generic values.</summary>
    internal static readonly AttentionCase Shown = new(
        6, 2, 2, 1,
        [1.2, -0.4, 0.3, 0.9, -1.1, 0.5, 0.8, 0.8, -0.2, -1.3, 1.0, 0.1],
        [1.4, -0.6, 0.5, 1.3],
        [1.1, 0.4, -0.7, 1.2],
        [0.6, -0.9],
        [1, 1, 1, 1, 1, 1]);

    private static readonly (AttentionMath.Mistake Mistake, string Hint)[] Suspects =
    [
        (AttentionMath.Mistake.MaskForgottenInBackward, "the causal mask is missing in your backward pass: P[i,j] = 0 for keys j > i there too, or the future leaks into the gradients (see the causality check)"),
        (AttentionMath.Mistake.MissingScaleInBackward, "the 1/√d scale is missing in the backward pass: S = q·kᵀ/√d, so dq = dS·k/√d and dk = dSᵀ·q/√d"),
        (AttentionMath.Mistake.SoftmaxElementwise, "softmax's backward is not p·(1 − p) elementwise: every weight in a row depends on every score in it, so dS[i,j] = P[i,j]·(dP[i,j] − Σ_l dP[i,l]·P[i,l])"),
        (AttentionMath.Mistake.QueryKeySwapped, "dq and dk are swapped: S = q·kᵀ gives dq = dS·k/√d and dk = dSᵀ·q/√d (the transpose belongs on dS for dk)"),
        (AttentionMath.Mistake.DvNotTransposed, "dv = Pᵀ·dOut, not P·dOut: value j reaches every output row i ≥ j with weight P[i,j]"),
    ];

    public static IEnumerable<CheckResult> Checks(IAttention attention)
    {
        var forward = Run("forward", c => CompareForward(attention, c), "out = softmax(mask(q·kᵀ/√d))·v at 100 random shapes",
            "an index out of range often means a transpose is missing: q·kᵀ is [T, T], P·v is [T, e]");
        yield return forward with { Figure = WeightsFigure() };
        yield return Run("dX", c => CompareGradient(attention, c, "x"), "dX matches Dual's reverse mode at 100 random shapes", null);
        yield return Run("dWq", c => CompareGradient(attention, c, "wq"), "dWq = xᵀ·dq matches at 100 random shapes", null);
        yield return Run("dWk", c => CompareGradient(attention, c, "wk"), "dWk = xᵀ·dk matches at 100 random shapes", null);
        yield return Run("dWv", c => CompareGradient(attention, c, "wv"), "dWv = xᵀ·dv matches at 100 random shapes", null);
        yield return Run("causality", c => Causality(attention, c), "no gradient flows from an output position to a later input position, at 100 random shapes",
            "out[i] depends on x[0…i] only: with dOut zero after row i, dX must be zero after row i");
    }

    private static CheckResult Run(string name, Func<AttentionCase, Mismatch?> test, string pass, string? exceptionHint) =>
        PropertySearch.Run(name, Cases, c => c.Shrink(), c => c.ToString(), test, pass, exceptionHint: exceptionHint);

    /// <summary>out, P and the gradients of Σ out ⊙ dOut by Dual, with the loss and its bindings for finite differences.</summary>
    internal static (double[] Out, double[] P, Dictionary<string, Tensor> Gradients, Expr Loss, Env Env) Reference(AttentionCase c)
    {
        var x = Expr.Variable("x", Shape.Of(c.T, c.C));
        var wq = Expr.Variable("wq", Shape.Of(c.C, c.D));
        var wk = Expr.Variable("wk", Shape.Of(c.C, c.D));
        var wv = Expr.Variable("wv", Shape.Of(c.C, c.E));
        var dOut = Expr.Variable("dOut", Shape.Of(c.T, c.E));
        var scores = x.MatMul(wq).MatMul(x.MatMul(wk), false, true) * (1 / Math.Sqrt(c.D));
        var allowed = Expr.Constant(Tensor.Generate([c.T, c.T], i => i % c.T <= i / c.T ? 1.0 : 0.0));
        var p = Expr.Where(allowed, scores, -1e9).Softmax(-1);
        var output = p.MatMul(x.MatMul(wv));
        var loss = (output * dOut).Sum();
        var env = Env.Of(
            ("x", Tensor.FromArray(x.Shape, c.X)),
            ("wq", Tensor.FromArray(wq.Shape, c.Wq)),
            ("wk", Tensor.FromArray(wk.Shape, c.Wk)),
            ("wv", Tensor.FromArray(wv.Shape, c.Wv)),
            ("dOut", Tensor.FromArray(dOut.Shape, c.DOut)));
        var (_, gradients) = Grad.ValueAndGrad(loss, env, "x", "wq", "wk", "wv");
        return (Evaluator.Evaluate(output, env).ToArray(), Evaluator.Evaluate(p, env).ToArray(), gradients.ToDictionary(), loss, env);
    }

    private static TrackFigure WeightsFigure()
    {
        var p = Reference(Shown).P;
        var rows = Enumerable.Range(0, Shown.T).Select(i => (IReadOnlyList<double>)p[(i * Shown.T)..((i + 1) * Shown.T)]).ToList();
        var labels = Enumerable.Range(0, Shown.T).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return TrackFigure.Heatmap("attention weights P at six positions (row: query i, column: key j; zero above the diagonal)", rows, labels, labels);
    }

    private static Mismatch? CompareForward(IAttention attention, AttentionCase c)
    {
        var expected = Reference(c).Out;
        var got = attention.Forward(c.XMatrix, c.WqMatrix, c.WkMatrix, c.WvMatrix);
        return ElementCompare.First("out", expected, [c.T, c.E], got is null ? null : Numbers.Flatten(got), ElementCompare.ShapeOf(got),
            "out = P·v with P[i,:] = softmax over j ≤ i of q[i]·k[j]/√d, and P[i,j] = 0 for j > i");
    }

    private static double[]? Pick(AttentionGradients? g, string which)
    {
        var m = which switch { "x" => g?.DX, "wq" => g?.DWq, "wk" => g?.DWk, _ => g?.DWv };
        return m is null ? null : Numbers.Flatten(m);
    }

    private static AttentionGradients? Learner(IAttention attention, AttentionCase c) =>
        attention.Backward(c.XMatrix, c.WqMatrix, c.WkMatrix, c.WvMatrix, c.DOutMatrix);

    private static Mismatch? CompareGradient(IAttention attention, AttentionCase c, string which)
    {
        var (_, _, gradients, loss, env) = Reference(c);
        var got = Learner(attention, c);
        var (name, shape, gotShape, formula) = which switch
        {
            "x" => ("dX", new[] { c.T, c.C }, ElementCompare.ShapeOf(got?.DX), "dX = dq·Wqᵀ + dk·Wkᵀ + dv·Wvᵀ, x's shape [T, C]"),
            "wq" => ("dWq", new[] { c.C, c.D }, ElementCompare.ShapeOf(got?.DWq), "dWq = xᵀ·dq with dq = dS·k/√d, Wq's shape [C, d]"),
            "wk" => ("dWk", new[] { c.C, c.D }, ElementCompare.ShapeOf(got?.DWk), "dWk = xᵀ·dk with dk = dSᵀ·q/√d, Wk's shape [C, d]"),
            _ => ("dWv", new[] { c.C, c.E }, ElementCompare.ShapeOf(got?.DWv), "dWv = xᵀ·dv with dv = Pᵀ·dOut, Wv's shape [C, e]"),
        };
        var gotFlat = Pick(got, which);
        return ElementCompare.First(name, gradients[which].ToArray(), shape, gotFlat, gotShape, formula,
            index => ElementCompare.Differences(loss, env, which, index),
            () => Diagnose(attention, c, gotFlat, which));
    }

    /// <summary>The hint of the first suspect whose tensor equals the learner's at the failing case and at the probe.</summary>
    private static string? Diagnose(IAttention attention, AttentionCase c, double[]? got, string which)
    {
        double[]? atProbe;
        try
        {
            atProbe = Pick(Learner(attention, Probe), which);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }

        double[] Wrong(AttentionCase k, AttentionMath.Mistake m) =>
            Pick(AttentionMath.Backward(k.XMatrix, k.WqMatrix, k.WkMatrix, k.WvMatrix, k.DOutMatrix, m), which)!;
        return Suspects.FirstOrDefault(s => ElementCompare.Same(Wrong(c, s.Mistake), got) && ElementCompare.Same(Wrong(Probe, s.Mistake), atProbe)).Hint;
    }

    /// <summary>For each row i before the last: dOut zero after row i must give dX exactly zero after row i.</summary>
    private static Mismatch? Causality(IAttention attention, AttentionCase c)
    {
        for (var i = 0; i + 1 < c.T; i++)
        {
            var cut = c with { DOut = [.. c.DOut.Select((v, k) => k / c.E <= i ? v : 0.0)] };
            var dx = Learner(attention, cut)?.DX;
            if (dx is null || dx.GetLength(0) != c.T || dx.GetLength(1) != c.C)
            {
                return new Mismatch("dX is null or not of x's shape [T, C]") { Where = "dX", Hint = "make the dX check pass first" };
            }

            for (var j = i + 1; j < c.T; j++)
            {
                for (var col = 0; col < c.C; col++)
                {
                    if (!(Math.Abs(dx[j, col]) <= CausalZero))
                    {
                        var leak = Suspects[0];
                        var masked = ElementCompare.Same(Pick(AttentionMath.Backward(cut.XMatrix, cut.WqMatrix, cut.WkMatrix, cut.WvMatrix, cut.DOutMatrix, leak.Mistake), "x")!, Numbers.Flatten(dx));
                        return new Mismatch($"causality broken: with dOut zero after row {i}, your dX[{j},{col}] = {Numbers.Text(dx[j, col])}: gradient flows from out[{i}] back to x[{j}], a later position")
                        {
                            Where = $"dX[{j},{col}]",
                            Expected = $"0 (out[0…{i}] depend on x[0…{i}] only)",
                            Got = Numbers.Text(dx[j, col]),
                            Hint = masked ? leak.Hint
                                : "out[i] depends on x[0…i] only, so no gradient may reach a later position: the causal mask (P[i,j] = 0 for j > i) belongs in the backward pass too",
                        };
                    }
                }
            }
        }

        return null;
    }
}
