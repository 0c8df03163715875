using System.Runtime.CompilerServices;

namespace Dual;

/// <summary>
/// Differentiation. Reverse mode (<see cref="Of(Expr, Expr[])"/>, <see cref="Vjp(Expr, Expr, Expr[])"/>,
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
    /// The gradients of a scalar <paramref name="loss"/> with respect to intermediate <paramref name="nodes"/> of its graph
    /// (dloss/dnode, each the node's shape): the adjoints reverse mode builds on its way to the variables, on request.
    /// A node the loss does not depend on gets zeros.
    /// </summary>
    public static Expr[] Adjoints(Expr loss, params Expr[] nodes)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(nodes);
        RequireScalar(loss);
        foreach (var node in nodes) ArgumentNullException.ThrowIfNull(node, nameof(nodes));
        return ReverseMode.NodeAdjoints(loss, Expr.Ones(loss.Shape), nodes);
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
        var seed = dy.Shape.BroadcastsTo(y.Shape) ? dy.BroadcastTo(y.Shape) // the same node when the shapes match
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
    /// The value of a scalar <paramref name="loss"/> and its gradient with respect to the variables named in
    /// <paramref name="wrt"/> (every variable when none is named), evaluated together in one plan. The
    /// gradient graph is built once per loss and set of variables, and cached.
    /// </summary>
    public static (Tensor Value, IReadOnlyDictionary<string, Tensor> Gradients) ValueAndGrad(Expr loss, Env env, params string[] wrt)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(wrt);
        var program = Programs.GetValue(loss, static l => new ProgramSet(l)).For(wrt, env);
        var values = Evaluator.Run(program.Plan, env, EvaluationOptions.Default);
        return (values[0], new NamedTensors(program.Index, values, 1));
    }

    /// <summary>As <see cref="ValueAndGrad(Expr, Env, string[])"/>, with every variable of the loss.</summary>
    public static (Tensor Value, IReadOnlyDictionary<string, Tensor> Gradients) ValueAndGrad(Expr loss, Env env) => ValueAndGrad(loss, env, Array.Empty<string>());

    /// <summary>As <see cref="ValueAndGrad(Expr, Env, string[])"/>, naming the variables by their nodes.</summary>
    public static (Tensor Value, IReadOnlyDictionary<string, Tensor> Gradients) ValueAndGrad(Expr loss, Env env, params Expr[] wrt) =>
        ValueAndGrad(loss, env, Names(wrt, nameof(wrt)));

    /// <summary>The gradients of a scalar <paramref name="loss"/> with respect to the variables named <paramref name="wrt"/>, in order.</summary>
    public static Expr[] Of(Expr loss, params string[] wrt)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(wrt);
        return Of(loss, wrt.Select(name => FindVariable(loss, name, nameof(wrt))).ToArray());
    }

    /// <summary>
    /// Compiles "the value of <paramref name="loss"/> and its gradients with respect to <paramref name="wrt"/>" into a
    /// function that binds its inputs by position: <paramref name="wrt"/> first, then the loss's other variables in order of
    /// appearance (see <see cref="CompiledGradient.Inputs"/>).
    /// </summary>
    public static CompiledGradient Compile(Expr loss, params Expr[] wrt)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(wrt);
        RequireScalar(loss);
        var names = Names(wrt, nameof(wrt));
        if (names.Distinct().Count() != names.Length) throw new ArgumentException("A variable is named twice.", nameof(wrt));
        var data = Graph.Variables(loss).Where(v => !names.Contains(v.Name!));
        return new CompiledGradient(loss, wrt, [.. wrt, .. data]);
    }

    /// <summary>As <see cref="Compile(Expr, Expr[])"/>, with respect to every variable of the loss.</summary>
    public static CompiledGradient Compile(Expr loss) => Compile(loss, Array.Empty<string>());

    /// <summary>As <see cref="Compile(Expr, Expr[])"/>, with the variables named by their names (every variable of the loss when none is named).</summary>
    public static CompiledGradient Compile(Expr loss, params string[] wrt)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(wrt);
        return Compile(loss, wrt.Length == 0 ? [.. Graph.Variables(loss)] : wrt.Select(name => FindVariable(loss, name, nameof(wrt))).ToArray());
    }

    /// <summary>As <see cref="Compile(Expr, Expr[])"/>, binding the inputs in the order of <paramref name="inputs"/>, which must list every variable the loss uses (and may list others, bound and ignored).</summary>
    public static CompiledGradient Compile(Expr loss, IReadOnlyList<Expr> wrt, IReadOnlyList<Expr> inputs)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(wrt);
        ArgumentNullException.ThrowIfNull(inputs);
        RequireScalar(loss);
        var names = Names(wrt, nameof(wrt));
        Names(inputs, nameof(inputs));
        foreach (var name in names)
            if (!inputs.Any(i => i.Name == name)) throw new ArgumentException($"'{name}' is differentiated against but is not among the inputs.", nameof(inputs));
        return new CompiledGradient(loss, [.. wrt], [.. inputs]);
    }

    /// <summary>
    /// The value of a (non-scalar) <paramref name="y"/> at <paramref name="env"/> and its vector-Jacobian product for the
    /// cotangent <paramref name="dy"/> (shape of y, or broadcasting to it): the cotangent of each of <paramref name="wrt"/>,
    /// as tensors. The same as the gradients of <c>Sum(y · dy)</c>, without building that by hand.
    /// </summary>
    public static (Tensor Value, Tensor[] Cotangents) Vjp(Expr y, Env env, Tensor dy, params Expr[] wrt)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(dy);
        ArgumentNullException.ThrowIfNull(wrt);
        Names(wrt, nameof(wrt));
        // A cotangent that does not broadcast to y is refused by the symbolic Vjp while the program is built.
        var program = VjpPrograms.GetValue(y, static _ => new VjpSet()).For(y, dy.Shape, wrt);
        var values = Evaluator.Run(program.Plan, env, EvaluationOptions.Default, (VjpSet.CotangentName, dy));
        return (values[0], values[1..]);
    }

    /// <summary>As <see cref="Vjp(Expr, Env, Tensor, Expr[])"/>, with respect to every variable of <paramref name="y"/>, in order of appearance.</summary>
    public static (Tensor Value, Tensor[] Cotangents) Vjp(Expr y, Env env, Tensor dy)
    {
        ArgumentNullException.ThrowIfNull(y);
        return Vjp(y, env, dy, [.. Graph.Variables(y)]);
    }

    /// <summary>As <see cref="Vjp(Expr, Env, Tensor, Expr[])"/>, naming the variables by their names.</summary>
    public static (Tensor Value, Tensor[] Cotangents) Vjp(Expr y, Env env, Tensor dy, params string[] wrt)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(wrt);
        return Vjp(y, env, dy, wrt.Select(name => FindVariable(y, name, nameof(wrt))).ToArray());
    }

    private static readonly ConditionalWeakTable<Expr, VjpSet> VjpPrograms = [];

    // The cached graphs of y's value and vector-Jacobian product, with the cotangent as a variable no user can name.
    private sealed class VjpSet
    {
        public const string CotangentName = "cotangent of the output"; // whitespace: not a valid user variable name
        private volatile (Shape Dy, string[] Wrt, Plan Plan)[] _programs = [];

        public (Shape Dy, string[] Wrt, Plan Plan) For(Expr y, Shape dyShape, Expr[] wrt)
        {
            foreach (var p in _programs)
                if (p.Dy == dyShape && p.Wrt.AsSpan().SequenceEqual(wrt.Select(w => w.Name!).ToArray())) return p;
            lock (this)
            {
                var dy = Expr.Cotangent(CotangentName, dyShape);
                var program = (dyShape, wrt.Select(w => w.Name!).ToArray(), Evaluator.PlanFor([y, .. Vjp(y, dy, wrt)]));
                _programs = [.. _programs, program];
                return program;
            }
        }
    }

    private static string[] Names(IReadOnlyList<Expr> variables, string parameter)
    {
        var names = new string[variables.Count];
        for (var i = 0; i < names.Length; i++)
        {
            var v = variables[i] ?? throw new ArgumentNullException(parameter);
            if (v.Op != OpKind.Variable) throw new ArgumentException($"Gradients are taken with respect to variables; got {v}.", parameter);
            names[i] = v.Name!;
        }
        return names;
    }

    private static Expr FindVariable(Expr root, string name, string parameter)
    {
        ArgumentNullException.ThrowIfNull(name);
        var variables = Graph.Variables(root);
        return variables.FirstOrDefault(v => v.Name == name)
            ?? throw new ArgumentException($"'{name}' is not a variable of the expression. Its variables: {string.Join(", ", variables.Select(v => v.Name))}.", parameter);
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
