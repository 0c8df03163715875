namespace Dual;

/// <summary>
/// A description of a model that declares its parameters as it is composed. Nothing runs until
/// <see cref="Build"/>; a description can be built any number of times. Compose with query
/// syntax (<c>from w in Model.Param(...) from b in Model.Param(...) select x.MatMul(w) + b</c>),
/// with <see cref="Then{TResult}"/>, and nest names with <see cref="Named"/>.
/// </summary>
/// <typeparam name="T">What the description produces: usually an <see cref="Expr"/>.</typeparam>
public sealed class Model<T>
{
    private readonly Func<ModelScope, T> _run;

    internal Model(Func<ModelScope, T> run) => _run = run;

    internal T Run(ModelScope scope) => _run(scope);

    /// <summary>Maps the result.</summary>
    public Model<TResult> Select<TResult>(Func<T, TResult> selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return new(scope => selector(_run(scope)));
    }

    /// <summary>Continues with a description that depends on this one's result.</summary>
    public Model<TResult> SelectMany<TResult>(Func<T, Model<TResult>> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return new(scope => next(_run(scope)).Run(scope));
    }

    /// <summary>The form query syntax uses for a second <c>from</c>.</summary>
    public Model<TResult> SelectMany<TNext, TResult>(Func<T, Model<TNext>> next, Func<T, TNext, TResult> project)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(project);
        return new(scope =>
        {
            var first = _run(scope);
            return project(first, next(first).Run(scope));
        });
    }

    /// <summary>Chains a layer after this one: <c>Dense(16).Then(Relu)</c>-style composition.</summary>
    public Model<TResult> Then<TResult>(Func<T, Model<TResult>> layer) => SelectMany(layer);

    /// <summary>Puts every parameter this description declares under <paramref name="scope"/> (<c>attn.wq</c>).</summary>
    public Model<T> Named(string scope)
    {
        ValidateSegment(scope);
        return new(outer => _run(outer.Nested(scope)));
    }

    /// <summary>Runs the description once: its result and the parameters it declared, in order.</summary>
    public Built<T> Build()
    {
        var scope = ModelScope.Root();
        var value = _run(scope);
        return new Built<T>(value, scope.Specs.ToArray());
    }

    internal static void ValidateSegment(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.Contains('.', StringComparison.Ordinal) || name.Any(char.IsWhiteSpace))
            throw new ArgumentException($"A parameter or scope name must be non-empty, without dots or whitespace; got \"{name}\".", nameof(name));
    }
}
