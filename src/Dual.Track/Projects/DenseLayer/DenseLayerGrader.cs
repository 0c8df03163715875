using Dual.Track.Grading;
using FsCheck;
using FsCheck.Fluent;

namespace Dual.Track.Projects;

/// <summary>
/// Grades <see cref="IDenseLayer"/> at FsCheck-generated shapes (batch, in and out from 1 to 4, so batch 1 and width 1
/// are among them) and values: the forward pass against Dual's evaluation, and dX, dW, db against Dual's reverse mode
/// of <c>loss = Σ (X·W + b) ⊙ dY</c> (whose gradient with respect to Y is dY), per element, a failing element confirmed
/// by central finite differences. FsCheck shrinks the shape first, so a failure shows the smallest shape that fails.
/// </summary>
internal static class DenseLayerGrader
{
    private static readonly Gen<double> Value = Shrinks.Hundredths(2);

    private static readonly Gen<DenseCase> Cases =
        from batch in Gen.Choose(1, 4)
        from inputs in Gen.Choose(1, 4)
        from outputs in Gen.Choose(1, 4)
        from x in Gen.ArrayOf(Value, batch * inputs)
        from w in Gen.ArrayOf(Value, inputs * outputs)
        from b in Gen.ArrayOf(Value, outputs)
        from dy in Gen.ArrayOf(Value, batch * outputs)
        select new DenseCase(batch, inputs, outputs, x, w, b, dy);

    /// <summary>A case with distinct, generic values where different mistakes give different numbers.</summary>
    private static readonly DenseCase Probe = new(
        3, 2, 4,
        [0.3, -1.2, 0.7, 0.45, -0.9, 1.6],
        [0.25, -0.5, 1.1, 0.8, -1.3, 0.6, 0.15, -0.35],
        [0.05, -0.4, 0.9, 0.2],
        [1.0, -0.3, 0.6, 0.45, -0.75, 0.2, 1.3, -0.1, 0.35, 0.9, -1.4, 0.5]);

    public static IEnumerable<CheckResult> Checks(IDenseLayer layer)
    {
        yield return Run("forward Y", c => CompareForward(layer, c), "Y = X·W + b at 100 random shapes", null);
        yield return Run("dX", c => CompareGradient(layer, c, "x"), "dX = dY·Wᵀ at 100 random shapes",
            "dX = dY·Wᵀ: dX[i,k] = Σ_j dY[i,j]·W[k,j]. An index out of range often means W where Wᵀ belongs");
        yield return Run("dW", c => CompareGradient(layer, c, "w"), "dW = Xᵀ·dY at 100 random shapes",
            "dW = Xᵀ·dY: dW[k,j] = Σ_i X[i,k]·dY[i,j]; it has W's shape [in, out]");
        yield return Run("db", c => CompareGradient(layer, c, "b"), "db = Σ_batch dY at 100 random shapes",
            "db[j] = Σ_i dY[i,j]; it has b's shape [out]");
    }

    private static CheckResult Run(string name, Func<DenseCase, Mismatch?> test, string pass, string? exceptionHint) =>
        PropertySearch.Run(name, Cases, c => c.Shrink(), c => c.ToString(), test, pass, exceptionHint: exceptionHint);

    /// <summary>Y, dX, dW and db by Dual: Y evaluated, the three gradients by reverse mode of Σ Y ⊙ dY.</summary>
    private static (double[] Y, Dictionary<string, Tensor> Gradients, Expr Loss, Env Env) Reference(DenseCase c)
    {
        var x = Expr.Variable("x", Shape.Of(c.Batch, c.In));
        var w = Expr.Variable("w", Shape.Of(c.In, c.Out));
        var b = Expr.Variable("b", Shape.Of(c.Out));
        var dy = Expr.Variable("dy", Shape.Of(c.Batch, c.Out));
        var y = x.MatMul(w) + b;
        var loss = (y * dy).Sum();
        var env = Env.Of(
            ("x", Tensor.FromArray(Shape.Of(c.Batch, c.In), c.X)),
            ("w", Tensor.FromArray(Shape.Of(c.In, c.Out), c.W)),
            ("b", Tensor.FromArray(Shape.Of(c.Out), c.B)),
            ("dy", Tensor.FromArray(Shape.Of(c.Batch, c.Out), c.DY)));
        var (_, gradients) = Grad.ValueAndGrad(loss, env, "x", "w", "b");
        return (Evaluator.Evaluate(y, env).ToArray(), gradients.ToDictionary(), loss, env);
    }

    /// <summary>A mistake as the tensor it gives, and its hint.</summary>
    private sealed record TensorSuspect(string Hint, Func<DenseCase, double[]> Formula);

    private static Mismatch? CompareForward(IDenseLayer layer, DenseCase c)
    {
        var (expected, _, _, _) = Reference(c);
        double[]? Learner(DenseCase k) => layer.Forward(k.XMatrix, k.WMatrix, (double[])k.B.Clone()) is { } y ? Numbers.Flatten(y) : null;
        var got = layer.Forward(c.XMatrix, c.WMatrix, (double[])c.B.Clone());
        TensorSuspect[] suspects =
        [
            new("the bias is missing: Y = X·W + b, with b added to every row", k => Reference(k with { B = new double[k.Out] }).Y),
            new("the bias is added only to the first row; it belongs on every row", k => Reference(k).Y.Select((v, i) => i < k.Out ? v : v - k.B[i % k.Out]).ToArray()),
        ];
        return Compare("Y", expected, [c.Batch, c.Out], got is null ? null : Numbers.Flatten(got), ShapeOf(got), "Y = X·W + b has shape [batch, out]", _ => null, c, suspects, Learner);
    }

    private static Mismatch? CompareGradient(IDenseLayer layer, DenseCase c, string which)
    {
        var (_, gradients, loss, env) = Reference(c);
        var name = which switch { "x" => "dX", "w" => "dW", _ => "db" };
        double[]? Pick(DenseGradients? g) => which switch
        {
            "x" => g?.DX is null ? null : Numbers.Flatten(g.DX),
            "w" => g?.DW is null ? null : Numbers.Flatten(g.DW),
            _ => g?.DB,
        };
        double[]? Learner(DenseCase k) => Pick(layer.Backward(k.XMatrix, k.WMatrix, (double[])k.B.Clone(), k.DYMatrix));
        var got = layer.Backward(c.XMatrix, c.WMatrix, (double[])c.B.Clone(), c.DYMatrix);
        var (shape, gotShape, shapeHint) = which switch
        {
            "x" => (new[] { c.Batch, c.In }, ShapeOf(got?.DX), "dX has X's shape [batch, in]: dX = dY·Wᵀ"),
            "w" => (new[] { c.In, c.Out }, ShapeOf(got?.DW), "dW has W's shape [in, out]: dW = Xᵀ·dY (not dY·Xᵀ or X·dYᵀ)"),
            _ => (new[] { c.Out }, got?.DB is null ? null : new[] { got.DB.Length }, "db has b's shape [out]: sum dY over the batch rows, one sum per output"),
        };
        double[] Expected(DenseCase k) => Reference(k).Gradients[which].ToArray();
        var suspects = new List<TensorSuspect>
        {
            new($"the sign is flipped: {name} has the same sign as the product with dY, no minus", k => Scale(Expected(k), -1)),
            new("you divided by the batch size: the layer's backward sums over the batch (a mean belongs in the loss, whose dY already carries the 1/batch)", k => Scale(Expected(k), 1.0 / k.Batch)),
        };
        if (which == "b")
        {
            suspects.Add(new("db sums dY over every row of the batch, not just the first", k => k.DY[..k.Out]));
        }

        if (which == "w")
        {
            suspects.Add(new("dW sums Xᵀ·dY over every row of the batch, not just the first", k => Numbers.Flatten(Outer(k.X[..k.In], k.DY[..k.Out]))));
        }

        return Compare(name, gradients[which].ToArray(), shape, Pick(got), gotShape, shapeHint, index => Oracle.ElementDerivative(loss, env, which, index), c, suspects, Learner);
    }

    private static int[]? ShapeOf(double[,]? m) => m is null ? null : [m.GetLength(0), m.GetLength(1)];

    private static double[] Scale(double[] values, double s) => [.. values.Select(v => v * s)];

    private static double[,] Outer(double[] a, double[] b)
    {
        var m = new double[a.Length, b.Length];
        for (var i = 0; i < a.Length; i++)
        {
            for (var j = 0; j < b.Length; j++)
            {
                m[i, j] = a[i] * b[j];
            }
        }

        return m;
    }

    private static Mismatch? Compare(
        string name,
        double[] expected,
        int[] shape,
        double[]? got,
        int[]? gotShape,
        string shapeHint,
        Func<int, double?> differences,
        DenseCase c,
        IReadOnlyList<TensorSuspect> suspects,
        Func<DenseCase, double[]?> learner)
    {
        if (got is null || gotShape is null)
        {
            return new Mismatch($"{name} is null") { Where = name, Hint = shapeHint };
        }

        if (!gotShape.SequenceEqual(shape))
        {
            return new Mismatch($"{name} has shape [{string.Join(",", gotShape)}]; expected [{string.Join(",", shape)}]")
            {
                Where = name,
                Expected = $"shape [{string.Join(",", shape)}]",
                Got = $"shape [{string.Join(",", gotShape)}]",
                Hint = shapeHint,
            };
        }

        var wrong = Enumerable.Range(0, expected.Length).Where(i => !Numbers.Close(expected[i], got[i])).ToList();
        if (wrong.Count == 0)
        {
            return null;
        }

        var first = wrong[0];
        var index = shape.Length == 2 ? $"[{first / shape[1]},{first % shape[1]}]" : $"[{first}]";
        var fd = differences(first);
        return new Mismatch($"{name}{index} is wrong: expected {Numbers.Text(expected[first])}, got {Numbers.Text(got[first])} ({wrong.Count} of {expected.Length} elements wrong)")
        {
            Where = name + index,
            Expected = fd is null ? Numbers.Text(expected[first]) : Oracle.Describe(expected[first], fd.Value),
            Got = Numbers.Text(got[first]),
            Hint = Numbers.NonFiniteHint(got[first]) ?? Diagnose(suspects, c, got, learner) ?? shapeHint,
        };
    }

    /// <summary>The first suspect whose tensor equals the learner's at the failing case and at the generic probe.</summary>
    private static string? Diagnose(IReadOnlyList<TensorSuspect> suspects, DenseCase c, double[] got, Func<DenseCase, double[]?> learner)
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

        return suspects.FirstOrDefault(s => Same(s.Formula(c), got) && Same(s.Formula(Probe), atProbe))?.Hint;
    }

    private static bool Same(double[] expected, double[]? got) =>
        got is not null && got.Length == expected.Length && expected.Zip(got, (e, g) => Numbers.Close(e, g)).All(ok => ok);
}
