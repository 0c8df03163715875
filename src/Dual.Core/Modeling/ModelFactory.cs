namespace Dual;

/// <summary>Starting points for model descriptions.</summary>
public static class Model
{
    /// <summary>A description that declares nothing and produces <paramref name="value"/>.</summary>
    public static Model<T> Return<T>(T value) => new(_ => value);

    /// <summary>Declares a parameter named <paramref name="name"/> in the current scope; produces its variable.</summary>
    public static Model<Expr> Param(string name, Shape shape, Initializer init)
    {
        Model<Expr>.ValidateSegment(name);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(init);
        return new(scope => scope.Declare(name, shape, init));
    }

    /// <summary>
    /// Applies <paramref name="block"/> <paramref name="count"/> times, feeding each result to the
    /// next; block i's parameters live under <c>{prefix}{i}</c> (<c>h0</c>, <c>h1</c>…).
    /// </summary>
    public static Model<T> Repeat<T>(int count, T input, Func<T, int, Model<T>> block, string prefix = "h")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(block);
        var model = Return(input);
        for (var i = 0; i < count; i++)
        {
            var index = i;
            model = model.SelectMany(x => block(x, index).Named($"{prefix}{index}"));
        }
        return model;
    }

    /// <summary>
    /// The variables of every parameter declared so far in this build, in declaration order:
    /// for penalties over a whole model (<c>from s in Mlp(x) from ps in Model.Declared() select Loss(s) + 1e-4 · L2(ps)</c>).
    /// </summary>
    public static Model<IReadOnlyList<Expr>> Declared() => new(scope => scope.Variables);

    /// <summary>The full path a name would get in the current scope (for layers that name their own inputs).</summary>
    public static Model<string> PathOf(string name) => new(scope => scope.Qualify(name));
}
