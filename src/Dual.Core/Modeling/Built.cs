namespace Dual;

/// <summary>A built model: what its description produced (usually the output or loss expression) and the parameters it declared.</summary>
/// <typeparam name="T">The result type.</typeparam>
public sealed class Built<T>
{
    internal Built(T value, IReadOnlyList<ParamSpec> parameters)
    {
        Value = value;
        Parameters = parameters;
    }

    /// <summary>What the description produced.</summary>
    public T Value { get; }

    /// <summary>The declared parameters, in declaration order.</summary>
    public IReadOnlyList<ParamSpec> Parameters { get; }

    /// <summary>The total number of scalar parameters.</summary>
    public long ParameterCount => Parameters.Sum(p => (long)p.Shape.Size);

    /// <summary>
    /// Initial values for every parameter. Each parameter draws from its own generator seeded by
    /// (<paramref name="seed"/>, its path), so the same seed gives the same numbers on every
    /// machine, and adding a layer leaves the others' initial values unchanged.
    /// </summary>
    public Params Init(int seed) =>
        Params.Of(Parameters.Select(p =>
        {
            var value = p.Init(p.Shape, Dual.Init.RandomFor(seed, p.Path));
            if (value.Shape != p.Shape)
                throw new ShapeException($"The initialiser of '{p.Path}' returned shape {value.Shape}; declared {p.Shape}.");
            return new KeyValuePair<string, Tensor>(p.Path, value);
        }));
}
