using System.Globalization;

namespace Dual.Track.Grading;

/// <summary>
/// Compares a learner's tensor with Dual's element by element: a null or misshapen tensor is named as such, otherwise
/// the first wrong element (<c>dWq[1,0]</c>) with Dual's value (confirmed by finite differences when given), the
/// learner's, how many elements are wrong, and a hint (a non-finite value's, else the diagnosis, else the formula).
/// </summary>
internal static class ElementCompare
{
    public static Mismatch? First(
        string name,
        double[] expected,
        int[] shape,
        double[]? got,
        int[]? gotShape,
        string formula,
        Func<int, double?>? differences = null,
        Func<string?>? diagnose = null,
        double relative = Numbers.RelativeTolerance)
    {
        if (got is null || gotShape is null)
        {
            return new Mismatch($"{name} is null") { Where = name, Hint = formula };
        }

        if (!gotShape.SequenceEqual(shape))
        {
            return new Mismatch($"{name} has shape {ShapeText(gotShape)}; expected {ShapeText(shape)}")
            {
                Where = name,
                Expected = "shape " + ShapeText(shape),
                Got = "shape " + ShapeText(gotShape),
                Hint = formula,
            };
        }

        var wrong = Enumerable.Range(0, expected.Length).Where(i => !Numbers.Close(expected[i], got[i], relative)).ToList();
        if (wrong.Count == 0)
        {
            return null;
        }

        var first = wrong[0];
        var where = name + Index(first, shape);
        var fd = differences?.Invoke(first);
        return new Mismatch($"{where} is wrong: expected {Numbers.Text(expected[first])}, got {Numbers.Text(got[first])} ({wrong.Count} of {expected.Length} elements wrong)")
        {
            Where = where,
            Expected = fd is null ? Numbers.Text(expected[first]) + " (Dual reverse mode)" : Oracle.Describe(expected[first], fd.Value),
            Got = Numbers.Text(got[first]),
            Hint = Numbers.NonFiniteHint(got[first]) ?? diagnose?.Invoke() ?? formula,
        };
    }

    /// <summary>Central finite difference of the scalar <paramref name="loss"/> with respect to element <paramref name="index"/> of the input <paramref name="name"/>.</summary>
    public static double Differences(Expr loss, Env env, string name, int index)
    {
        var at = env[name];
        var values = at.ToArray();
        var original = values[index];
        values[index] = original + Oracle.Step;
        var plus = Evaluator.Evaluate(loss, env.With(name, Tensor.FromArray(at.Shape, values))).ToScalar();
        values[index] = original - Oracle.Step;
        var minus = Evaluator.Evaluate(loss, env.With(name, Tensor.FromArray(at.Shape, values))).ToScalar();
        return (plus - minus) / (2 * Oracle.Step);
    }

    /// <summary>The shape of a matrix, or null.</summary>
    public static int[]? ShapeOf(double[,]? m) => m is null ? null : [m.GetLength(0), m.GetLength(1)];

    /// <summary>Whether two tensors agree element by element (null never does).</summary>
    public static bool Same(double[] expected, double[]? got, double relative = Numbers.RelativeTolerance) =>
        got is not null && got.Length == expected.Length && expected.Zip(got, (e, g) => Numbers.Close(e, g, relative)).All(ok => ok);

    /// <summary>"[1,0]" for a flat index into a matrix, "[3]" into a vector.</summary>
    public static string Index(int flat, int[] shape) =>
        shape.Length == 2 ? string.Create(CultureInfo.InvariantCulture, $"[{flat / shape[1]},{flat % shape[1]}]") : string.Create(CultureInfo.InvariantCulture, $"[{flat}]");

    private static string ShapeText(int[] shape) => "[" + string.Join(",", shape) + "]";
}
