using Dual.Track.Grading;
using FsCheck;
using FsCheck.Fluent;

namespace Dual.Track.Projects;

/// <summary>
/// Grades <see cref="INeuron"/> factor by factor against Dual's reverse mode and finite differences, so a wrong
/// <c>da_dz</c> is reported as the sigmoid's derivative, not as "grad_w is wrong"; then the two gradients, whose
/// failures name the factor that is missing or wrong in the product.
/// </summary>
internal static class NeuronGrader
{
    private static readonly Expr W = Expr.Variable("w"), B = Expr.Variable("b"), X = Expr.Variable("x"), Y = Expr.Variable("y");
    private static readonly Expr A = Expr.Variable("a"), Z = Expr.Variable("z");
    private static readonly Expr Loss = ((W * X + B).Sigmoid() - Y).Square();
    private static readonly Expr LossOfA = (A - Y).Square();
    private static readonly Expr SigmoidOfZ = Z.Sigmoid();
    private static readonly Expr ZOfW = W * X + B;

    /// <summary>Values in [-3, 3] in steps of 0.01.</summary>
    private static readonly Gen<double> Value = Shrinks.Hundredths(3);

    /// <summary>Activations in (0, 1).</summary>
    private static readonly Gen<double> Activation = Gen.Choose(1, 99).Select(i => i / 100.0);

    /// <summary>Saturated pre-activations: |z| in [30, 1000], past where exp(-z) overflows for z below about -709.</summary>
    private static readonly Gen<double> Saturated = Gen.Zip(Gen.Choose(30, 1000), Gen.Elements(-1, 1)).Select(t => (double)(t.Item1 * t.Item2));

    public static IEnumerable<CheckResult> Checks(INeuron neuron)
    {
        yield return PropertySearch.Run(
            "dloss_da",
            Gen.Zip(Activation, Value).Select(t => new[] { t.Item1, t.Item2 }),
            Shrinks.OneSimpler,
            v => $"a={Numbers.Text(v[0])}, y={Numbers.Text(v[1])}",
            v => DlossDa(neuron, v[0], v[1]),
            "dloss_da = 2(a - y) at 100 cases");

        yield return PropertySearch.Run(
            "da_dz",
            Value.Select(z => new[] { z }),
            Shrinks.OneSimpler,
            v => $"z={Numbers.Text(v[0])}, a=sigmoid(z)={Numbers.Text(SigmoidAt(v[0]))}",
            v => DaDz(neuron, v[0], saturated: false),
            "da_dz = a(1 - a) at 100 cases");

        yield return PropertySearch.Run(
            "da_dz (saturated, |z| >= 30)",
            Saturated.Select(z => new[] { z }),
            v => Shrinks.TowardEdge(v[0], 30).Select(z => new[] { z }),
            v => $"z={Numbers.Text(v[0])}, a=sigmoid(z)={Numbers.Text(SigmoidAt(v[0]))}",
            v => DaDz(neuron, v[0], saturated: true),
            "da_dz stays finite and right for |z| from 30 to 1000");

        yield return PropertySearch.Run(
            "dz_dw",
            Gen.Zip(Gen.Zip(Value, Value), Value).Select(t => new[] { t.Item1.Item1, t.Item1.Item2, t.Item2 }),
            Shrinks.OneSimpler,
            v => $"w={Numbers.Text(v[0])}, x={Numbers.Text(v[1])}, b={Numbers.Text(v[2])}",
            v => DzDw(neuron, v[0], v[1], v[2]),
            "dz_dw = x at 100 cases");

        var neuronCase = Gen.Zip(Gen.Zip(Value, Value), Gen.Zip(Value, Gen.Elements(0.0, 1.0)))
            .Select(t => new[] { t.Item1.Item1, t.Item1.Item2, t.Item2.Item1, t.Item2.Item2 });
        static string DescribeCase(double[] v) =>
            $"w={Numbers.Text(v[0])}, b={Numbers.Text(v[1])}, x={Numbers.Text(v[2])}, y={Numbers.Text(v[3])}";

        yield return PropertySearch.Run(
            "grad_w",
            neuronCase,
            Shrinks.OneSimpler,
            DescribeCase,
            v => Gradient(neuron, v, ofW: true),
            "grad_w = dloss_da * da_dz * dz_dw at 100 cases");

        yield return PropertySearch.Run(
            "grad_b",
            neuronCase,
            Shrinks.OneSimpler,
            DescribeCase,
            v => Gradient(neuron, v, ofW: false),
            "grad_b = dloss_da * da_dz * 1 at 100 cases");
    }

    private static double SigmoidAt(double z) => Evaluator.Evaluate(SigmoidOfZ, Env.Of(("z", z))).ToScalar();

    private static double Sig(double z) => 1 / (1 + Math.Exp(-z));

    private static Mismatch? DlossDa(INeuron neuron, double a, double y)
    {
        var (reverse, differences) = Oracle.Derivative(LossOfA, Env.Of(("a", a), ("y", y)), "a");
        var got = neuron.DlossDa(a, y);
        if (Numbers.Close(reverse, got))
        {
            return null;
        }

        Suspect[] suspects =
        [
            new(v => 2 * (v[1] - v[0]), "dloss_da", "the sign is flipped: d/da (a - y)^2 = 2(a - y), not 2(y - a)"),
            new(v => v[0] - v[1], "dloss_da", "the factor 2 from the square is missing: d/da u^2 = 2u"),
        ];
        var suspect = Suspect.Explain(suspects, [a, y], v => neuron.DlossDa(v[0], v[1]), [[0.37, 0.8], [0.62, -0.4]]);
        var hint = Numbers.NonFiniteHint(got) ?? suspect?.Hint ?? "loss = (a - y)^2, so dloss/da = 2(a - y)";
        return Factor("dloss_da", "the loss's derivative", reverse, differences, got, hint);
    }

    private static Mismatch? DaDz(INeuron neuron, double z, bool saturated)
    {
        var a = SigmoidAt(z);
        var (reverse, differences) = Oracle.Derivative(SigmoidOfZ, Env.Of(("z", z)), "z");
        var got = neuron.DaDz(z, a);
        if (Numbers.Close(reverse, got))
        {
            return null;
        }

        Suspect[] suspects =
        [
            new(v => Sig(v[0]), "da_dz", "that is the sigmoid itself; its derivative is a(1 - a)"),
            new(v => v[0] * (1 - v[0]), "da_dz", "you used z where the formula has a: da/dz = a(1 - a) with a = sigmoid(z)"),
            new(v => -Sig(v[0]) * (1 - Sig(v[0])), "da_dz", "the sign is flipped: da/dz = a(1 - a) is never negative"),
            new(v => 1 - Sig(v[0]), "da_dz", "a factor is missing: da/dz = a(1 - a), not (1 - a)"),
        ];
        var hint = (saturated && !double.IsFinite(got)
                ? "for large |z|, exp(-z) overflows to infinity and the formula gives NaN: write the derivative from a, as a(1 - a)"
                : null)
            ?? Numbers.NonFiniteHint(got)
            ?? Suspect.Explain(suspects, [z], v => neuron.DaDz(v[0], SigmoidAt(v[0])), [[0.7], [-1.3]])?.Hint
            ?? "the sigmoid's derivative is da/dz = a(1 - a)";
        return Factor("da_dz", "the sigmoid's derivative", reverse, differences, got, hint);
    }

    private static Mismatch? DzDw(INeuron neuron, double w, double x, double b)
    {
        var (reverse, differences) = Oracle.Derivative(ZOfW, Env.Of(("w", w), ("x", x), ("b", b)), "w");
        var got = neuron.DzDw(w, x, b);
        if (Numbers.Close(reverse, got))
        {
            return null;
        }

        Suspect[] suspects =
        [
            new(v => v[0], "dz_dw", "dz/dw is the number w is multiplied by, x, not w itself"),
            new(_ => 1, "dz_dw", "that is dz/db; w is multiplied by x, so dz/dw = x"),
        ];
        var hint = Numbers.NonFiniteHint(got)
            ?? Suspect.Explain(suspects, [w, x, b], v => neuron.DzDw(v[0], v[1], v[2]), [[0.3, -1.7, 0.9], [-1.1, 0.6, 0.4]])?.Hint
            ?? "z = w*x + b, so dz/dw = x";
        return Factor("dz_dw", "the linear part's derivative", reverse, differences, got, hint);
    }

    private static Mismatch Factor(string factor, string meaning, double reverse, double differences, double got, string hint) =>
        new($"{factor} ({meaning}) is wrong: expected {Numbers.Text(reverse)}, got {Numbers.Text(got)}")
        {
            Where = $"{factor} ({meaning})",
            Expected = Oracle.Describe(reverse, differences),
            Got = Numbers.Text(got),
            Hint = hint,
        };

    private static Mismatch? Gradient(INeuron neuron, double[] v, bool ofW)
    {
        var (w, b, x, y) = (v[0], v[1], v[2], v[3]);
        var name = ofW ? "grad_w" : "grad_b";
        var env = Env.Of(("w", w), ("b", b), ("x", x), ("y", y));
        var (reverse, differences) = Oracle.Derivative(Loss, env, ofW ? "w" : "b");
        var got = ofW ? neuron.GradW(w, b, x, y) : neuron.GradB(w, b, x, y);
        if (Numbers.Close(reverse, got))
        {
            return null;
        }

        var suspect = Suspect.Explain(
            GradientSuspects(ofW),
            v,
            p => ofW ? neuron.GradW(p[0], p[1], p[2], p[3]) : neuron.GradB(p[0], p[1], p[2], p[3]),
            [[0.37, -0.21, 1.3, 1], [-0.8, 0.45, -0.6, 0], [1.1, 0.2, 0.7, 0]]);
        var where = suspect?.Where ?? name;
        var last = ofW ? "dz_dw = x" : "dz_db = 1";
        var hint = Numbers.NonFiniteHint(got) ?? suspect?.Hint ?? OwnFactorsHint(neuron, w, b, x, y, ofW, got)
            ?? $"{name} = dloss_da * da_dz * {last}, with z = w*x + b, a = sigmoid(z); compute the forward pass first";
        return new Mismatch($"{name} is wrong: expected {Numbers.Text(reverse)}, got {Numbers.Text(got)}; the factor that is off: {where}")
        {
            Where = where,
            Expected = Oracle.Describe(reverse, differences),
            Got = Numbers.Text(got),
            Hint = hint,
        };
    }

    /// <summary>The products learners write for grad_w or grad_b, each with one factor missing or wrong; v = (w, b, x, y).</summary>
    private static List<Suspect> GradientSuspects(bool ofW)
    {
        const string Sigmoid = "da_dz (the sigmoid's derivative)", LossFactor = "dloss_da (the loss's derivative)";
        var name = ofW ? "grad_w" : "grad_b";
        var lastFactor = ofW ? "dz_dw" : "dz_db";
        static double Z(double[] v) => v[0] * v[2] + v[1];
        static double A(double[] v) => Sig(Z(v));
        static double Dl(double[] v) => 2 * (A(v) - v[3]);
        static double Ds(double[] v) => A(v) * (1 - A(v));
        Func<double[], double> last = ofW ? v => v[2] : _ => 1.0;
        var suspects = new List<Suspect>
        {
            new(v => Dl(v) * last(v), Sigmoid, $"the factor da_dz = a(1 - a) is missing: {name} = dloss_da * da_dz * {lastFactor}"),
            new(v => Dl(v) * A(v) * last(v), Sigmoid, "you multiplied by a where the sigmoid's derivative is a(1 - a)"),
            new(v => Dl(v) * Z(v) * (1 - Z(v)) * last(v), Sigmoid, "the sigmoid's derivative is a(1 - a) with a = sigmoid(z); you used z"),
            new(v => Ds(v) * last(v), LossFactor, $"the factor dloss_da = 2(a - y) is missing: {name} = dloss_da * da_dz * {lastFactor}"),
            new(v => Dl(v) / 2 * Ds(v) * last(v), LossFactor, "the factor 2 of dloss_da = 2(a - y) is missing"),
            new(v => -Dl(v) * Ds(v) * last(v), LossFactor, "the sign is flipped: dloss_da = 2(a - y), not 2(y - a)"),
        };
        if (ofW)
        {
            suspects.Add(new(v => Dl(v) * Ds(v), "dz_dw (the linear part's derivative)", "the last factor dz_dw = x is missing"));
            suspects.Add(new(v => Dl(v) * Ds(v) * v[0], "dz_dw (the linear part's derivative)", "dz_dw is x (what w multiplies), not w"));
        }
        else
        {
            suspects.Add(new(v => Dl(v) * Ds(v) * v[2], "dz_db (the bias's derivative)", "for the bias the last factor is dz_db = 1, not x"));
        }

        return suspects;
    }

    /// <summary>When the learner's gradient is the product of their own factors, the factor checks above say which to fix.</summary>
    private static string? OwnFactorsHint(INeuron neuron, double w, double b, double x, double y, bool ofW, double got)
    {
        try
        {
            var z = w * x + b;
            var a = SigmoidAt(z);
            var product = neuron.DlossDa(a, y) * neuron.DaDz(z, a) * (ofW ? neuron.DzDw(w, x, b) : 1.0);
            return Numbers.Close(product, got) ? "your gradient is the product of your own factors: fix the factor checks above first" : null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }
}
