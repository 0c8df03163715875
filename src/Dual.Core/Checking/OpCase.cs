namespace Dual;

/// <summary>
/// One row of the check table: how to call a primitive or composite on random inputs drawn from
/// its domain. <see cref="Instantiate"/> turns a stream of choices (shapes, axes, variants) and
/// a value seed into a concrete function and point to check.
/// </summary>
public sealed class OpCase
{
    private readonly Func<Choices, (InputSpec[] Inputs, Func<Expr[], Expr> Build)> _draw;

    internal OpCase(string name, bool isPrimitive, Func<Choices, (InputSpec[] Inputs, Func<Expr[], Expr> Build)> draw, GradCheckOptions? options = null)
    {
        Name = name;
        IsPrimitive = isPrimitive;
        _draw = draw;
        Options = options ?? GradCheckOptions.Default;
    }

    /// <summary>The primitive's <see cref="OpKind"/> name, or the composite's method name.</summary>
    public string Name { get; }

    /// <summary>True for a primitive, false for a composite.</summary>
    public bool IsPrimitive { get; }

    /// <summary>The gradient-check options this op needs (tolerances, zero-by-definition derivatives).</summary>
    public GradCheckOptions Options { get; }

    /// <summary>A concrete case: inputs drawn with <paramref name="choices"/>, values from <paramref name="valueSeed"/>.</summary>
    public CaseInstance Instantiate(Choices choices, int valueSeed)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var (inputs, build) = _draw(choices);
        return new CaseInstance(this, inputs, build, valueSeed);
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
