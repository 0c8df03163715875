using Dual.Track.Grading;
using FsCheck;
using FsCheck.Fluent;

namespace Dual.Track.Projects;

/// <summary>
/// Grades <see cref="IActivations"/>: each activation's derivative at FsCheck-generated points against Dual's reverse
/// mode of its own op (confirmed by central differences; ReLU's kink at 0 is graded by convention, 0, without them),
/// then the per-layer gradient norms (<see cref="GradientNormsGrader"/>).
/// </summary>
internal static class ActivationsGrader
{
    private static readonly Expr Z = Expr.Variable("z");

    /// <summary>z in [-6, 6] in steps of 0.01.</summary>
    private static readonly Gen<double> Value = Shrinks.Hundredths(6);

    /// <summary>As <see cref="Value"/>, and exactly 0 (ReLU's kink) about one case in ten.</summary>
    private static readonly Gen<double> ValueOrKink = Gen.Choose(-600, 730).Select(i => i > 600 ? 0.0 : i / 100.0);

    private static readonly double[][] Probes = [[0.37], [-1.3], [2.1]];

    /// <summary>One derivative to grade: Dual's op, the learner's method, the formula, and the mistakes learners make.</summary>
    private sealed record Spec(Activation Activation, string Formula, Func<Expr, Expr> Op, Func<IActivations, double, double> Learner, Suspect[] Suspects)
    {
        public string Name => $"{Activation.ToString().ToLowerInvariant()} derivative";
    }

    private static double Sig(double z) => 1 / (1 + Math.Exp(-z));

    private const double C = 0.7978845608028654, A = 0.044715;

    private static double U(double z) => C * (z + A * z * z * z);

    private static double Du(double z) => C * (1 + 3 * A * z * z);

    /// <summary>The derivative of the exact GELU z·Φ(z): Φ(z) + z·φ(z).</summary>
    private static double ExactGeluDerivative(double z) =>
        0.5 * (1 + MathNet.Numerics.SpecialFunctions.Erf(z / Math.Sqrt(2))) + z * Math.Exp(-z * z / 2) / Math.Sqrt(2 * Math.PI);

    private static readonly Spec[] Specs =
    [
        new(Activation.Sigmoid, "sigmoid′(z) = s(1 − s) with s = sigmoid(z) = 1/(1 + e⁻ᶻ)", z => z.Sigmoid(), (s, z) => s.SigmoidDerivative(z),
        [
            new(v => Sig(v[0]), "sigmoid derivative", "that is the sigmoid itself; its derivative is s(1 − s) with s = sigmoid(z)"),
            new(v => v[0] * (1 - v[0]), "sigmoid derivative", "you used z where the formula has s: sigmoid′(z) = s(1 − s) with s = sigmoid(z)"),
            new(v => -Sig(v[0]) * (1 - Sig(v[0])), "sigmoid derivative", "the sign is flipped: s(1 − s) is never negative"),
            new(v => 1 - Sig(v[0]), "sigmoid derivative", "a factor is missing: sigmoid′(z) = s(1 − s), not (1 − s)"),
        ]),
        new(Activation.Tanh, "tanh′(z) = 1 − tanh(z)²", z => z.Tanh(), (s, z) => s.TanhDerivative(z),
        [
            new(v => 1 - v[0] * v[0], "tanh derivative", "you used z where the formula has tanh(z): tanh′(z) = 1 − tanh(z)² (in project 4 h was already tanh(z); here you get z)"),
            new(v => 1 - Math.Tanh(v[0]), "tanh derivative", "square it: tanh′(z) = 1 − tanh(z)², not 1 − tanh(z)"),
            new(v => 1 + Math.Tanh(v[0]) * Math.Tanh(v[0]), "tanh derivative", "the sign is flipped: tanh′(z) = 1 − tanh(z)², which is at most 1"),
            new(v => Math.Tanh(v[0]), "tanh derivative", "that is tanh itself; its derivative is 1 − tanh(z)²"),
        ]),
        new(Activation.Relu, "relu′(z) = 1 for z > 0, 0 for z ≤ 0 (0 at the kink, as Dual takes it)", z => z.Relu(), (s, z) => s.ReluDerivative(z),
        [
            new(v => v[0] >= 0 ? 1 : 0, "relu derivative", "at the kink z = 0 this track, like Dual, takes the derivative as 0: test z > 0, not z >= 0"),
            new(v => Math.Max(v[0], 0), "relu derivative", "that is ReLU itself, max(z, 0); its derivative is 1 for z > 0 and 0 otherwise"),
            new(v => v[0] < 0 ? 1 : 0, "relu derivative", "the two sides are swapped: the derivative is 1 where z > 0 (where ReLU passes z through) and 0 where z < 0"),
        ]),
        new(Activation.Gelu, "gelu′(z) = ½(1 + tanh u) + ½z(1 − tanh²u)·u′, u = √(2/π)(z + 0.044715z³), u′ = √(2/π)(1 + 3·0.044715z²)", z => z.Gelu(), (s, z) => s.GeluDerivative(z),
        [
            new(v => ExactGeluDerivative(v[0]), "gelu derivative", "that is the derivative of the exact GELU z·Φ(z) (with erf); this track, like Dual, uses the tanh approximation ½z(1 + tanh(√(2/π)(z + 0.044715z³)))"),
            new(v => 0.5 * (1 + Math.Tanh(U(v[0]))), "gelu derivative", "the product rule's second term is missing: z also appears inside tanh, so add ½z(1 − tanh²u)·u′"),
            new(v => 0.5 * (1 + Math.Tanh(U(v[0]))) + 0.5 * v[0] * (1 - Math.Pow(Math.Tanh(U(v[0])), 2)), "gelu derivative", "the chain rule inside tanh is missing: multiply (1 − tanh²u) by u′ = √(2/π)(1 + 3·0.044715z²)"),
            new(v => 0.5 * (1 + Math.Tanh(U(v[0]))) + 0.5 * v[0] * (1 - Math.Pow(Math.Tanh(U(v[0])), 2)) * C * (1 + A * v[0] * v[0]), "gelu derivative", "d/dz z³ = 3z²: u′ = √(2/π)(1 + 3·0.044715z²), the 3 is missing"),
        ]),
    ];

    public static IEnumerable<CheckResult> Checks(IActivations solution)
    {
        foreach (var spec in Specs)
        {
            yield return PropertySearch.Run(
                spec.Name,
                (spec.Activation == Activation.Relu ? ValueOrKink : Value).Select(z => new[] { z }),
                Shrinks.OneSimpler,
                v => $"z={Numbers.Text(v[0])}",
                v => Derivative(solution, spec, v[0]),
                $"{spec.Formula}, at 100 points");
        }

        foreach (var check in GradientNormsGrader.Checks(solution))
        {
            yield return check;
        }
    }

    /// <summary>Dual's derivative of <paramref name="activation"/> at z (reverse mode), for the norms' hints.</summary>
    public static Func<double, double> DualDerivative(Activation activation)
    {
        var f = Specs.Single(s => s.Activation == activation).Op(Z);
        return z => Oracle.Derivative(f, Env.Of(("z", z)), "z").Reverse;
    }

    /// <summary>The learner's derivative of <paramref name="activation"/>.</summary>
    public static Func<double, double> LearnerDerivative(IActivations solution, Activation activation)
    {
        var spec = Specs.Single(s => s.Activation == activation);
        return z => spec.Learner(solution, z);
    }

    private static Mismatch? Derivative(IActivations solution, Spec spec, double z)
    {
        var (reverse, differences) = Oracle.Derivative(spec.Op(Z), Env.Of(("z", z)), "z");
        var got = spec.Learner(solution, z);
        if (Numbers.Close(reverse, got))
        {
            return null;
        }

        // At ReLU's kink the central difference straddles it (it gives 0.5): the 0 there is a convention, not a limit.
        var kink = spec.Activation == Activation.Relu && z == 0;
        var hint = Numbers.NonFiniteHint(got)
            ?? Suspect.Explain(spec.Suspects, [z], v => spec.Learner(solution, v[0]), Probes)?.Hint
            ?? spec.Formula;
        return new Mismatch($"{spec.Name} at z = {Numbers.Text(z)} is wrong: expected {Numbers.Text(reverse)}, got {Numbers.Text(got)}")
        {
            Where = spec.Name,
            Expected = kink ? $"{Numbers.Text(reverse)} (Dual reverse mode; at the kink the derivative is 0 by convention)" : Oracle.Describe(reverse, differences),
            Got = Numbers.Text(got),
            Hint = hint,
        };
    }
}
