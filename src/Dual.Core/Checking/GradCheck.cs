using MathNet.Numerics.Differentiation;
using MathNet.Numerics.Random;

namespace Dual;

/// <summary>
/// Checks reverse-mode gradients three independent ways, for users checking their own models:
/// against central finite differences in float64 (element by element for small variables,
/// along random directions for large ones), against forward mode (<c>⟨Jv, u⟩ = ⟨v, Jᵀu⟩</c>, no step
/// size involved), and by the Taylor remainder test. A non-scalar <c>f</c> is checked through
/// the scalar <c>⟨u, f⟩</c> for a fixed random cotangent u (a scalar f as it is).
/// </summary>
public static class GradCheck
{
    /// <summary>
    /// Checks the derivatives of <paramref name="f"/> with respect to the variables named in
    /// <see cref="GradCheckOptions.Variables"/>, or by default every variable f is differentiable in. Data — a variable
    /// that reaches f only through positions without a derivative (token ids into a gather, class targets, masks and
    /// comparison operands) — is never perturbed; naming it is an <see cref="ArgumentException"/>.
    /// </summary>
    public static GradCheckReport Run(Expr f, Env at, GradCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(at);
        var o = options ?? GradCheckOptions.Default;
        var rng = new MersenneTwister(o.Seed);
        var variables = Checked(f, o);

        // A scalar f is checked as it is (u = 1), so the report shows f's own derivatives.
        var u = Expr.Constant(f.Shape.Size == 1 ? Tensor.Ones(f.Shape) : Tensor.RandomNormal(f.Shape, rng.Next()));
        var loss = (u * f).Sum();
        var grads = Grad.Of(loss, variables);
        var values = Evaluator.Evaluate([loss, .. grads], at);
        var gradients = values.Skip(1).ToArray();

        var checks = new List<VariableCheck>();
        for (var i = 0; i < variables.Length; i++)
        {
            var (name, x) = (variables[i].Name!, at[variables[i].Name!]);
            checks.Add(o.ExpectZeroGradient ? ZeroCheck(name, x.Shape, gradients[i])
                : x.Size <= o.PerElementLimit ? PerElement(loss, at, name, x, gradients[i], o)
                : Directional(loss, at, name, x, gradients[i], o, rng));
        }

        var directions = variables.Select(v => UnitDirection(v.Shape, rng)).ToArray();
        var (fwdRevError, fwdRevPassed) = ForwardVersusReverse(f, u.Value!, at, variables, directions, gradients, o);
        var taylor = o.Taylor && !o.ExpectZeroGradient && variables.Length > 0
            ? TaylorRemainder(loss, values[0].ToScalar(), at, variables, directions, gradients)
            : null;
        return new GradCheckReport(checks, fwdRevError, fwdRevPassed, taylor);
    }

    /// <summary>As <see cref="Run(Expr, Env, GradCheckOptions?)"/>, checking exactly <paramref name="variables"/> (named by their nodes).</summary>
    public static GradCheckReport Run(Expr f, Env at, IReadOnlyList<Expr> variables, GradCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var names = variables.Select(v => v is { Op: OpKind.Variable } ? v.Name! : throw new ArgumentException($"GradCheck checks variables; got {v?.ToString() ?? "null"}.", nameof(variables))).ToArray();
        return Run(f, at, (options ?? GradCheckOptions.Default) with { Variables = names });
    }

    // The variables to check: those named, or every differentiable one. A stop-gradient row (ExpectZeroGradient) checks all.
    private static Expr[] Checked(Expr f, GradCheckOptions o)
    {
        var all = Graph.Variables(f).ToArray();
        if (o.ExpectZeroGradient && o.Variables is null) return all;
        var differentiable = ReverseMode.Differentiable(f);
        // A user-defined primitive's VJP decides what reverse mode reaches, so a rule that wrongly returns null would
        // make its operands look like data and pass unchecked: they are checked (their gradient then reads zero).
        differentiable.UnionWith(UnderUserPrimitives(f));
        if (o.Variables is null) return all.Where(v => differentiable.Contains(v.Name!)).ToArray();
        var chosen = new List<Expr>();
        foreach (var name in o.Variables)
        {
            var v = all.FirstOrDefault(x => x.Name == name)
                ?? throw new ArgumentException($"GradCheck: '{name}' is not a variable of the function. Its variables: {string.Join(", ", all.Select(x => x.Name))}.", nameof(o));
            if (!differentiable.Contains(name) && !o.ExpectZeroGradient)
                throw new ArgumentException($"GradCheck: '{name}' is data, not differentiable: it reaches the function only through positions without a derivative (gather or scatter indices, comparison operands, where conditions, stop-gradient), so there is nothing to check. Differentiable variables: {string.Join(", ", all.Where(x => differentiable.Contains(x.Name!)).Select(x => x.Name))}.", nameof(o));
            if (!chosen.Contains(v)) chosen.Add(v);
        }
        return [.. chosen];
    }

    // The variables that reach f through an operand of a user-defined primitive.
    private static IEnumerable<string> UnderUserPrimitives(Expr f)
    {
        var operands = Graph.TopologicalOrder(f).Where(n => n.Definition is { IsUserDefined: true }).SelectMany(n => n.InputArray).ToArray();
        return Graph.Variables(operands).Select(v => v.Name!);
    }

    /// <summary>Runs the checks and throws <see cref="GradCheckException"/> with the report if any fails.</summary>
    public static GradCheckReport Assert(Expr f, Env at, GradCheckOptions? options = null)
    {
        var report = Run(f, at, options);
        return report.Passed ? report : throw new GradCheckException(report);
    }

    private static double Central(Func<double, double> g, double x, double h) =>
        new NumericalDerivative(3, 1) { StepType = StepType.Absolute, StepSize = h }.EvaluateDerivative(g, x, 1);

    private static double LossAt(Expr loss, Env at, string name, Tensor value) =>
        Evaluator.Evaluate(loss, at.With(name, value)).ToScalar();

    private static VariableCheck PerElement(Expr loss, Env at, string name, Tensor x, Tensor gradient, GradCheckOptions o)
    {
        var tally = new Tally(o);
        var data = x.ToArray();
        for (var k = 0; k < data.Length; k++)
        {
            var x0 = data[k];
            var numeric = Central(t =>
            {
                var moved = (double[])data.Clone();
                moved[k] = t;
                return LossAt(loss, at, name, Tensor.FromArray(x.Shape, moved));
            }, x0, o.StepScale * Math.Max(1, Math.Abs(x0)));
            tally.Add(k, gradient.Span[k], numeric);
        }
        return tally.Result(name, x.Shape, perElement: true);
    }

    private static VariableCheck Directional(Expr loss, Env at, string name, Tensor x, Tensor gradient, GradCheckOptions o, MersenneTwister rng)
    {
        var tally = new Tally(o);
        var scale = Math.Max(1, x.Span.ToArray().Max(Math.Abs));
        for (var d = 0; d < o.Directions; d++)
        {
            var v = UnitDirection(x.Shape, rng);
            var numeric = Central(t => LossAt(loss, at, name, Moved(x, v, t)), 0, o.StepScale * scale);
            tally.Add(d, Dot(gradient, v), numeric);
        }
        return tally.Result(name, x.Shape, perElement: false);
    }

    private static VariableCheck ZeroCheck(string name, Shape shape, Tensor gradient)
    {
        var worst = 0;
        for (var k = 0; k < gradient.Size; k++)
            if (Math.Abs(gradient.Span[k]) > Math.Abs(gradient.Span[worst])) worst = k;
        var max = gradient.Size == 0 ? 0 : Math.Abs(gradient.Span[worst]);
        return new VariableCheck(name, shape, true, worst, gradient.Size == 0 ? 0 : gradient.Span[worst], 0, max, max, max == 0);
    }

    private static (double Error, bool Passed) ForwardVersusReverse(Expr f, Tensor u, Env at, Expr[] variables, Tensor[] directions, Tensor[] gradients, GradCheckOptions o)
    {
        if (variables.Length == 0) return (0, true);
        var tangents = Env.Of(variables.Select((v, i) => (v.Name!, directions[i])).ToArray());
        var (_, jv) = Grad.Jvp(f, at, tangents);
        var forward = Dot(jv, u);
        var reverse = 0.0;
        for (var i = 0; i < variables.Length; i++) reverse += Dot(gradients[i], directions[i]);
        var scale = Math.Max(Math.Max(Math.Abs(forward), Math.Abs(reverse)), 1e-300);
        var error = forward == reverse ? 0 : Math.Abs(forward - reverse) / scale;
        return (error, error <= o.ForwardReverseTolerance || Math.Abs(forward - reverse) <= 1e-13);
    }

    private static TaylorCheck TaylorRemainder(Expr loss, double l0, Env at, Expr[] variables, Tensor[] directions, Tensor[] gradients)
    {
        var slope = 0.0;
        for (var i = 0; i < variables.Length; i++) slope += Dot(gradients[i], directions[i]);
        var steps = Enumerable.Range(0, 8).Select(k => 1e-2 / (1 << k)).ToArray();
        var remainders = steps.Select(h =>
        {
            var env = at;
            for (var i = 0; i < variables.Length; i++)
                env = env.With(variables[i].Name!, Moved(at[variables[i].Name!], directions[i], h));
            return Math.Abs(Evaluator.Evaluate(loss, env).ToScalar() - l0 - h * slope);
        }).ToArray();
        // Below this the remainder is rounding noise, not the O(h²) term.
        var noise = 1e-11 * Math.Max(1, Math.Abs(l0));
        var ratios = new List<double>();
        for (var k = 0; k + 1 < remainders.Length; k++)
            if (remainders[k + 1] > noise) ratios.Add(remainders[k] / remainders[k + 1]);
        // A wrong gradient leaves an O(h) remainder (ratio 2); a right one O(h²) or better (4, or 8
        // where the quadratic term vanishes). At large h higher-order terms may still mix in, so the
        // verdict rests on the smallest steps above rounding level.
        return new TaylorCheck(steps, remainders, ratios.ToArray(), ratios.Count == 0 || ratios[^1] >= 3);
    }

    // A random direction with entries in [-1, 1] and largest magnitude 1, so a step h moves no element by more than h.
    private static Tensor UnitDirection(Shape shape, MersenneTwister rng)
    {
        var v = Enumerable.Range(0, shape.Size).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
        var max = v.Length == 0 ? 1 : v.Max(Math.Abs);
        return Tensor.FromArray(shape, v.Select(e => e / (max == 0 ? 1 : max)).ToArray());
    }

    private static Tensor Moved(Tensor x, Tensor v, double t)
    {
        var data = x.ToArray();
        for (var k = 0; k < data.Length; k++) data[k] += t * v.Span[k];
        return Tensor.FromArray(x.Shape, data);
    }

    private static double Dot(Tensor a, Tensor b)
    {
        var s = 0.0;
        for (var k = 0; k < a.Size; k++) s += a.Span[k] * b.Span[k];
        return s;
    }

    private sealed class Tally(GradCheckOptions o)
    {
        private int _worst;
        private double _worstScore = double.NegativeInfinity, _analytic, _numeric, _maxAbs, _maxRel;
        private bool _passed = true;

        public void Add(int index, double analytic, double numeric)
        {
            var err = Math.Abs(analytic - numeric);
            var allowed = o.AbsoluteTolerance + o.RelativeTolerance * Math.Abs(numeric);
            var score = double.IsNaN(err) ? double.PositiveInfinity : err / allowed;
            _passed &= score <= 1;
            _maxAbs = Math.Max(_maxAbs, double.IsNaN(err) ? double.PositiveInfinity : err);
            _maxRel = Math.Max(_maxRel, double.IsNaN(err) ? double.PositiveInfinity : err / Math.Max(Math.Abs(numeric), o.AbsoluteTolerance));
            if (score > _worstScore) (_worst, _worstScore, _analytic, _numeric) = (index, score, analytic, numeric);
        }

        public VariableCheck Result(string name, Shape shape, bool perElement) =>
            new(name, shape, perElement, _worst, _analytic, _numeric, _maxAbs, _maxRel, _passed);
    }
}
