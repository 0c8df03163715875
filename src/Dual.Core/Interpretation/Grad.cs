using System.Runtime.CompilerServices;

namespace Dual;

/// <summary>
/// Differentiation. Reverse mode (<see cref="Of(Expr, Expr[])"/>, <see cref="Vjp"/>,
/// <see cref="ValueAndGrad(Expr, Env, string[])"/>) and forward mode (<see cref="Jvp(Expr, IReadOnlyDictionary{string, Expr})"/>)
/// both return expressions, which can be evaluated, printed, or differentiated again.
/// </summary>
public static class Grad
{
    private static readonly ConditionalWeakTable<Expr, ProgramSet> Programs = [];

    /// <summary>The gradients of a scalar <paramref name="loss"/> with respect to the given variables, in order.</summary>
    public static Expr[] Of(Expr loss, params Expr[] wrt)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(wrt);
        RequireScalar(loss);
        return Vjp(loss, Expr.Scalar(1.0), wrt);
    }

    /// <summary>The gradients of a scalar <paramref name="loss"/> with respect to every variable it uses, by name, in order of appearance.</summary>
    public static IReadOnlyDictionary<string, Expr> Of(Expr loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        RequireScalar(loss);
        return ReverseMode.Adjoints(loss, Expr.Scalar(1.0).BroadcastTo(loss.Shape), null);
    }

    /// <summary>
    /// The vector-Jacobian product: the cotangents of <paramref name="wrt"/> given the cotangent
    /// <paramref name="dy"/> of <paramref name="y"/> (same shape as y).
    /// </summary>
    public static Expr[] Vjp(Expr y, Expr dy, params Expr[] wrt)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(dy);
        ArgumentNullException.ThrowIfNull(wrt);
        var seed = dy.Shape == y.Shape ? dy
            : dy.Shape.BroadcastsTo(y.Shape) ? dy.BroadcastTo(y.Shape)
            : throw new ShapeException($"The cotangent has shape {dy.Shape}; it must match the output's {y.Shape}.");
        foreach (var w in wrt)
            if (w.Op != OpKind.Variable) throw new ArgumentException($"Gradients are taken with respect to variables; got {w}.", nameof(wrt));
        var adjoints = ReverseMode.Adjoints(y, seed, wrt.Select(w => w.Name!).ToHashSet());
        return wrt.Select(w => adjoints.TryGetValue(w.Name!, out var g) ? g : Expr.Zeros(w.Shape)).ToArray();
    }

    /// <summary>
    /// The Jacobian-vector product: the tangent of <paramref name="y"/> when each named variable
    /// moves along the given tangent (variables not named stay fixed).
    /// </summary>
    public static Expr Jvp(Expr y, IReadOnlyDictionary<string, Expr> tangents)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(tangents);
        return ForwardMode.Tangent(y, tangents);
    }

    /// <summary>
    /// The value of a scalar <paramref name="loss"/> and its gradient with respect to every variable
    /// (or those in <paramref name="wrt"/>), evaluated together in one plan. The gradient graph for
    /// all variables is built once per loss node and cached.
    /// </summary>
    public static (Tensor Value, IReadOnlyDictionary<string, Tensor> Gradients) ValueAndGrad(Expr loss, Env env, params string[] wrt) =>
        ValueAndGrad(loss, env, wrt, null);

    /// <summary>As the public overload; with <paramref name="reuse"/>, the results go into the arrays of this plan's previous call (see <see cref="ResultBuffers"/>).</summary>
    internal static (Tensor Value, IReadOnlyDictionary<string, Tensor> Gradients) ValueAndGrad(Expr loss, Env env, string[] wrt, ResultBuffers? reuse)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(wrt);
        var program = Programs.GetValue(loss, static l => new ProgramSet(l)).For(wrt, env);
        var values = Evaluator.Run(program.Plan, env, EvaluationOptions.Default, reuse);
        return (values[0], new NamedTensors(program.Index, values, 1));
    }

    /// <summary>
    /// The value of <paramref name="y"/> and its directional derivative along <paramref name="tangents"/>
    /// (name → tangent value; unnamed variables stay fixed), by forward mode. A tangent for a bound
    /// variable the expression does not use contributes nothing; one for an unknown name is an error.
    /// </summary>
    public static (Tensor Value, Tensor Tangent) Jvp(Expr y, Env env, Env tangents)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(tangents);
        var variables = Graph.Variables(y).ToDictionary(v => v.Name!);
        var tangentVars = new Dictionary<string, Expr>();
        var bindings = env;
        foreach (var (name, value) in tangents)
        {
            if (!variables.TryGetValue(name, out var v))
            {
                // A bound input the expression happens not to use has a zero effect; anything else is a typo.
                if (env.ContainsKey(name)) continue;
                throw new ArgumentException($"A tangent is given for '{name}', which is neither used by the expression nor bound. It uses: {string.Join(", ", variables.Keys)}.", nameof(tangents));
            }
            var tangentName = name + "'";
            tangentVars[name] = Expr.Variable(tangentName, v.Shape);
            bindings = bindings.With(tangentName, value);
        }
        var values = Evaluator.Evaluate([y, Jvp(y, tangentVars)], bindings);
        return (values[0], values[1]);
    }

    private static void RequireScalar(Expr loss)
    {
        if (loss.Shape.Size != 1)
            throw new ShapeException($"Gradients need a one-element loss; this one has shape {loss.Shape}. Use Grad.Vjp with a cotangent for other outputs.");
    }

    /// <summary>A loss's gradient programs, one per requested set of variables, built on first use.</summary>
    private sealed class ProgramSet(Expr loss)
    {
        private readonly Expr[] _variables = Graph.Variables(loss).ToArray();
        private volatile (string[] Wrt, GradientProgram Program)[] _programs = [];

        public GradientProgram For(string[] wrt, Env env)
        {
            // Matched name by name: no key is built per call.
            foreach (var (k, p) in _programs)
                if (wrt.AsSpan().SequenceEqual(k)) return p;
            lock (this)
            {
                foreach (var (k, p) in _programs)
                    if (wrt.AsSpan().SequenceEqual(k)) return p;
                var wanted = wrt.Length == 0 ? _variables : wrt.Select(name => Find(name, env)).ToArray();
                var program = new GradientProgram(loss, wanted);
                _programs = [.. _programs, ([.. wrt], program)];
                return program;
            }
        }

        private Expr Find(string name, Env env) => _variables.FirstOrDefault(v => v.Name == name)
            ?? throw new ArgumentException($"'{name}' is not a variable of the loss. Its variables: {string.Join(", ", _variables.Select(v => v.Name))}. Bound: {string.Join(", ", env.Keys)}.", nameof(name));
    }

    /// <summary>A loss with the gradient graph of the wanted variables and the plan that evaluates both.</summary>
    private sealed class GradientProgram(Expr loss, Expr[] wanted)
    {
        public Expr[] Wanted { get; } = wanted;

        public IReadOnlyDictionary<string, int> Index { get; } = NamedTensors.Index([.. wanted.Select(w => w.Name!)]);

        public Plan Plan { get; } = Evaluator.PlanFor([loss, .. Of(loss, wanted)]);
    }
}
