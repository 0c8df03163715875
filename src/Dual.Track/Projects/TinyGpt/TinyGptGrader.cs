using Dual.Models;
using Dual.Track.Grading;
using FsCheck;
using FsCheck.Fluent;

namespace Dual.Track.Projects;

/// <summary>
/// Grades <see cref="ITinyGpt"/>: each piece's backward at FsCheck-generated shapes and values against Dual's reverse
/// mode of its own layers (a failing element confirmed by finite differences); every gradient of microgpt steps,
/// assembled from the pieces, against Dual's to 1e-10; then training microgpt on names with those gradients from the
/// golden initial weights (<see cref="MicroGptGolden"/>) with microgpt's Adam: the first 20 losses must be microgpt's
/// to 1e-10 and the validation loss after 1000 steps at most 2.45.
/// </summary>
internal static partial class TinyGptGrader
{
    /// <summary>How close the assembled gradients and the replayed losses must be to Dual's and microgpt's.</summary>
    public const double Agreement = 1e-10;

    /// <summary>The validation loss the trained model must reach (microgpt's own run: about 2.36).</summary>
    public const double RequiredValidationLoss = 2.45;

    /// <summary>How many of the golden trace's losses must be reproduced.</summary>
    public const int ReplayedLosses = 20;

    private static readonly Gen<double> Value = Shrinks.Hundredths(1.5);

    private static readonly Gen<PieceCase> Cases =
        from t in Gen.Choose(1, 4)
        from heads in Gen.Choose(1, 2)
        from d in Gen.Choose(1, 2)
        from hidden in Gen.Choose(1, 4)
        from vocab in Gen.Choose(2, 4)
        let c = heads * d
        from x in Gen.ArrayOf(Value, t * c)
        from wq in Gen.ArrayOf(Value, c * c)
        from wk in Gen.ArrayOf(Value, c * c)
        from wv in Gen.ArrayOf(Value, c * c)
        from wo in Gen.ArrayOf(Value, c * c)
        from w1 in Gen.ArrayOf(Value, c * hidden)
        from w2 in Gen.ArrayOf(Value, hidden * c)
        from dy in Gen.ArrayOf(Value, t * c)
        from logits in Gen.ArrayOf(Value, t * vocab)
        from targets in Gen.ArrayOf(Gen.Choose(0, vocab - 1), t)
        select new PieceCase(t, heads, d, hidden, vocab, x, wq, wk, wv, wo, w1, w2, dy, logits, targets);

    /// <summary>A case with distinct, generic values (two heads of two) where different mistakes give different numbers.</summary>
    private static readonly PieceCase Probe = new(
        3, 2, 2, 3, 4,
        [0.3, -1.2, 0.7, 0.45, -0.9, 1.6, 1.1, 0.25, -0.6, -0.35, 0.8, 0.15],
        [0.25, -0.5, 1.1, 0.8, -1.3, 0.6, 0.15, -0.35, 0.7, 0.35, -0.45, 1.2, 0.9, -0.8, 0.5, -1.1],
        [0.65, 0.3, -0.2, 0.95, 1.0, -0.3, 0.6, 0.45, -0.75, 0.2, 1.3, -0.1, 0.55, -0.65, 0.4, 0.85],
        [-0.4, 0.9, 0.2, -1.05, 0.35, 0.75, -0.55, 0.1, 1.15, -0.25, 0.6, 0.05, -0.9, 0.45, 0.3, -0.7],
        [0.5, 0.2, -0.6, 0.8, -0.3, 1.1, 0.4, -0.15, 0.7, -0.85, 0.25, 0.6, -0.45, 0.35, 0.95, -0.2],
        [0.6, -0.7, 0.3, 0.9, 0.2, -0.5, -0.4, 0.8, 0.7, 0.1, -0.9, 0.55],
        [0.45, -0.3, 0.8, 0.2, -0.6, 0.35, 0.7, 0.15, -0.25, 0.9, -0.4, 0.5],
        [1.0, -0.3, 0.6, 0.45, -0.75, 0.2, 1.3, -0.1, 0.35, 0.9, -1.4, 0.5],
        [0.2, -0.7, 1.1, 0.4, -0.3, 0.8, 0.05, -1.2, 0.6, 0.9, -0.45, 0.15],
        [2, 0, 3]);

    public static IEnumerable<CheckResult> Checks(ITinyGpt gpt)
    {
        yield return Run("rmsnorm backward", Piece.Norm, c => CompareNorm(gpt, c), "RMSNorm's dX matches Dual's reverse mode at 100 random shapes");
        yield return Run("attention backward", Piece.Attention, c => CompareAttention(gpt, c), "multi-head attention's dX, dWq, dWk, dWv, dWo match at 100 random shapes");
        yield return Run("mlp backward", Piece.Mlp, c => CompareMlp(gpt, c), "the MLP's dX, dW1, dW2 match at 100 random shapes");
        yield return Run("cross-entropy backward", Piece.CrossEntropy, c => CompareCrossEntropy(gpt, c), "dLogits matches at 100 random shapes");
        var golden = MicroGptGolden.Load();
        yield return StepGradients(gpt, golden);
        foreach (var check in Training(gpt, golden))
        {
            yield return check;
        }
    }

    private static CheckResult Run(string name, Piece piece, Func<PieceCase, Mismatch?> test, string pass) =>
        PropertySearch.Run(name, Cases, c => c.Shrink(piece), c => c.Describe(piece), test, pass);

    /// <summary>The learner's tensors in order, or a diagnosis's hint from the first suspect whose tensors equal them at the failing case and at the probe.</summary>
    private static Mismatch? CompareAll(
        PieceCase c,
        (string Name, double[] Expected, int[] Shape, string Formula, Func<int, double?> Differences)[] references,
        Func<PieceCase, double[,]?[]> learner,
        (Func<PieceCase, double[,]?[]> Wrong, string Hint)[] suspects)
    {
        var got = learner(c);
        for (var i = 0; i < references.Length; i++)
        {
            var (name, expected, shape, formula, differences) = references[i];
            var index = i;
            var mismatch = ElementCompare.First(name, expected, shape, got[i] is null ? null : Numbers.Flatten(got[i]!), ElementCompare.ShapeOf(got[i]), formula,
                k => differences(k), () => Diagnose(c, index, got[index], learner, suspects));
            if (mismatch is not null)
            {
                return mismatch;
            }
        }

        return null;
    }

    private static string? Diagnose(PieceCase c, int index, double[,]? got, Func<PieceCase, double[,]?[]> learner, (Func<PieceCase, double[,]?[]> Wrong, string Hint)[] suspects)
    {
        double[,]? atProbe;
        try
        {
            atProbe = learner(Probe)[index];
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }

        static double[]? Flat(double[,]? m) => m is null ? null : Numbers.Flatten(m);
        return suspects.FirstOrDefault(s =>
            ElementCompare.Same(Flat(s.Wrong(c)[index])!, Flat(got)) && ElementCompare.Same(Flat(s.Wrong(Probe)[index])!, Flat(atProbe))).Hint;
    }

    /// <summary>Dual's gradients of Σ y ⊙ dy (or of the loss itself) with respect to <paramref name="names"/>, and a finite-difference function per name.</summary>
    private static (Dictionary<string, Tensor> Gradients, Func<string, int, double?> Differences) Reference(Expr loss, Env env, params string[] names)
    {
        var (_, gradients) = Grad.ValueAndGrad(loss, env, names);
        return (gradients.ToDictionary(), (name, index) => ElementCompare.Differences(loss, env, name, index));
    }

    private static Mismatch? CompareNorm(ITinyGpt gpt, PieceCase c)
    {
        const double eps = 1e-5;
        var x = Expr.Variable("x", Shape.Of(c.T, c.C));
        var dy = Expr.Variable("dy", Shape.Of(c.T, c.C));
        var y = Layers.RmsNorm(x, eps, gain: false).Build().Value;
        var env = Env.Of(("x", Tensor.FromArray(x.Shape, c.X)), ("dy", Tensor.FromArray(dy.Shape, c.Dy)));
        var (gradients, differences) = Reference((y * dy).Sum(), env, "x");
        return CompareAll(c,
            [("dX", gradients["x"].ToArray(), [c.T, c.C], "with r = 1/√(mean(x²) + eps): dx = r·dy − r³·x·(Σ_c dy·x)/C, row by row", k => differences("x", k))],
            k => new[] { gpt.RmsNormBackward(k.XMatrix, k.DyMatrix, eps) },
            [
                (k => new[] { GptPieces.RmsNormBackward(k.XMatrix, k.DyMatrix, eps, GptPieces.Mistake.NormOnlyDirect) },
                    "the path through the mean is missing: every x[c] also changes r = 1/√(mean(x²) + eps), so dx = r·dy − r³·x·(Σ dy·x)/C"),
                (k => new[] { GptPieces.RmsNormBackward(k.XMatrix, k.DyMatrix, eps, GptPieces.Mistake.NormMeanWithoutOneOverC) },
                    "the 1/C of the mean is missing: d mean(x²)/dx[c] = 2·x[c]/C, so the second term is r³·x·(Σ dy·x)/C"),
            ]);
    }

    private static Mismatch? CompareAttention(ITinyGpt gpt, PieceCase c)
    {
        var x = Expr.Variable("x", Shape.Of(c.T, c.C));
        var dy = Expr.Variable("dy", Shape.Of(c.T, c.C));
        var y = Layers.CausalSelfAttention(x, c.Heads, bias: false).Build().Value;
        var env = Env.Of(("x", Tensor.FromArray(x.Shape, c.X)), ("dy", Tensor.FromArray(dy.Shape, c.Dy)),
            ("wq", Tensor.FromArray(Shape.Of(c.C, c.C), c.Wq)), ("wk", Tensor.FromArray(Shape.Of(c.C, c.C), c.Wk)),
            ("wv", Tensor.FromArray(Shape.Of(c.C, c.C), c.Wv)), ("wo", Tensor.FromArray(Shape.Of(c.C, c.C), c.Wo)));
        var (g, differences) = Reference((y * dy).Sum(), env, "x", "wq", "wk", "wv", "wo");
        int[] square = [c.C, c.C];
        static double[,]?[] Tensors(MultiHeadGradients? m) => new[] { m?.DX, m?.DWq, m?.DWk, m?.DWv, m?.DWo };
        (Func<PieceCase, double[,]?[]>, string)[] suspects = [.. Suspected.Select(s => ((Func<PieceCase, double[,]?[]>)(k => Tensors(
            GptPieces.AttentionBackward(k.XMatrix, k.Square(k.Wq), k.Square(k.Wk), k.Square(k.Wv), k.Square(k.Wo), k.Heads, k.DyMatrix, s.Mistake))), s.Hint)),
            (k => Tensors(GptPieces.AttentionBackward(k.XMatrix, k.Square(k.Wq), k.Square(k.Wk), k.Square(k.Wv), k.Square(k.Wo), k.Heads, k.DyMatrix, AttentionMath.Mistake.None, wholeWidthScale: true)),
                "each head scales its scores by 1/√D with D = C/heads, its own size, not by 1/√C"),
        ];
        return CompareAll(c,
            [
                ("dX", g["x"].ToArray(), [c.T, c.C], "dX sums every head's dq·Wqᵀ + dk·Wkᵀ + dv·Wvᵀ, with the heads' d(merged) = dy·Woᵀ", k => differences("x", k)),
                ("dWq", g["wq"].ToArray(), square, "head h's dq fills columns h·D … h·D + D − 1 of dWq = xᵀ·dq; its scale is 1/√D, D = C/heads", k => differences("wq", k)),
                ("dWk", g["wk"].ToArray(), square, "head h's dk fills columns h·D … h·D + D − 1 of dWk = xᵀ·dk; its scale is 1/√D, D = C/heads", k => differences("wk", k)),
                ("dWv", g["wv"].ToArray(), square, "head h's dv = P_hᵀ·d(merged)_h fills columns h·D … of dWv = xᵀ·dv", k => differences("wv", k)),
                ("dWo", g["wo"].ToArray(), square, "dWo = mergedᵀ·dy, with merged the heads' outputs side by side [T, C]", k => differences("wo", k)),
            ],
            k => Tensors(gpt.AttentionBackward(k.XMatrix, k.Square(k.Wq), k.Square(k.Wk), k.Square(k.Wv), k.Square(k.Wo), k.Heads, k.DyMatrix)),
            suspects);
    }

    /// <summary>Project 9's mistakes, made in every head.</summary>
    private static readonly (AttentionMath.Mistake Mistake, string Hint)[] Suspected =
    [
        (AttentionMath.Mistake.MaskForgottenInBackward, "the causal mask is missing in your backward pass: P[i,j] = 0 for keys j > i there too, in every head"),
        (AttentionMath.Mistake.MissingScaleInBackward, "the 1/√D scale is missing in the backward pass (D = C/heads, each head's size): dq = dS·k/√D, dk = dSᵀ·q/√D"),
        (AttentionMath.Mistake.SoftmaxElementwise, "softmax's backward is not p·(1 − p) elementwise: dS[i,j] = P[i,j]·(dP[i,j] − Σ_l dP[i,l]·P[i,l])"),
        (AttentionMath.Mistake.QueryKeySwapped, "dq and dk are swapped: dq = dS·k/√D and dk = dSᵀ·q/√D"),
        (AttentionMath.Mistake.DvNotTransposed, "dv = Pᵀ·d(merged), not P·d(merged)"),
    ];

    private static Mismatch? CompareMlp(ITinyGpt gpt, PieceCase c)
    {
        var x = Expr.Variable("x", Shape.Of(c.T, c.C));
        var dy = Expr.Variable("dy", Shape.Of(c.T, c.C));
        var y = Layers.FeedForward(x, c.Hidden, h => h.Relu(), bias: false).Build().Value;
        var env = Env.Of(("x", Tensor.FromArray(x.Shape, c.X)), ("dy", Tensor.FromArray(dy.Shape, c.Dy)),
            ("fc1.w", Tensor.FromArray(Shape.Of(c.C, c.Hidden), c.W1)), ("fc2.w", Tensor.FromArray(Shape.Of(c.Hidden, c.C), c.W2)));
        var (g, differences) = Reference((y * dy).Sum(), env, "x", "fc1.w", "fc2.w");
        static double[,]?[] Tensors(MlpGradients? m) => new[] { m?.DX, m?.DW1, m?.DW2 };
        return CompareAll(c,
            [
                ("dX", g["x"].ToArray(), [c.T, c.C], "dX = dh·W1ᵀ with dh = (dy·W2ᵀ) ⊙ [x·W1 > 0]", k => differences("x", k)),
                ("dW1", g["fc1.w"].ToArray(), [c.C, c.Hidden], "dW1 = xᵀ·dh with dh = (dy·W2ᵀ) ⊙ [x·W1 > 0]", k => differences("fc1.w", k)),
                ("dW2", g["fc2.w"].ToArray(), [c.Hidden, c.C], "dW2 = relu(x·W1)ᵀ·dy: the ReLU's output, not its input", k => differences("fc2.w", k)),
            ],
            k => Tensors(gpt.MlpBackward(k.XMatrix, k.W1Matrix, k.W2Matrix, k.DyMatrix)),
            [(k => Tensors(GptPieces.MlpBackward(k.XMatrix, k.W1Matrix, k.W2Matrix, k.DyMatrix, GptPieces.Mistake.NoReluDerivative)),
                "the ReLU's derivative is missing: dh = (dy·W2ᵀ) ⊙ [x·W1 > 0], zero where the unit was off")]);
    }

    private static Mismatch? CompareCrossEntropy(ITinyGpt gpt, PieceCase c)
    {
        var logits = Expr.Variable("logits", Shape.Of(c.T, c.Vocab));
        var targets = Expr.Variable("targets", Shape.Of(c.T));
        var env = Env.Of(("logits", Tensor.FromArray(logits.Shape, c.Logits)), ("targets", Tensor.FromArray(targets.Shape, [.. c.Targets.Select(t => (double)t)])));
        var (g, differences) = Reference(Losses.SoftmaxCrossEntropy(logits, targets), env, "logits");
        (Func<PieceCase, double[,]?[]>, string)[] suspects =
        [
            (k => new[] { GptPieces.CrossEntropyBackward(k.LogitsMatrix, k.Targets, GptPieces.Mistake.CrossEntropySumNotMean) }, "the loss is a mean over the T positions: dLogits = (softmax − one-hot)/T"),
            (k => new[] { GptPieces.CrossEntropyBackward(k.LogitsMatrix, k.Targets, GptPieces.Mistake.CrossEntropyNoOneHot) }, "the one-hot is missing: d(−log p[target])/dlogits = softmax − one-hot(target), then /T"),
            (k => new[] { GptPieces.CrossEntropyBackward(k.LogitsMatrix, k.Targets, GptPieces.Mistake.CrossEntropySignFlipped) }, "the sign is flipped: dLogits = (softmax − one-hot)/T, not (one-hot − softmax)/T"),
        ];
        return CompareAll(c,
            [("dLogits", g["logits"].ToArray(), [c.T, c.Vocab], "dLogits[t] = (softmax(logits[t]) − one-hot(targets[t]))/T", k => differences("logits", k))],
            k => new[] { gpt.CrossEntropyBackward(k.LogitsMatrix, (int[])k.Targets.Clone()) },
            suspects);
    }
}
