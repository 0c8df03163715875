namespace Dual.Models;

/// <summary>
/// One row of the <see cref="BlockCatalog"/>: a layer, model or loss at a fixed small size, and how to check it.
/// <see cref="Instantiate"/> builds it, initialises its parameters with <c>Built.Init(seed)</c> and draws its
/// inputs from the same seed.
/// </summary>
public sealed class BlockCase
{
    private readonly Func<BlockInputs, Model<Expr>> _build;

    internal BlockCase(string name, Func<BlockInputs, Model<Expr>> build, GradCheckOptions? options = null)
    {
        Name = name;
        _build = build;
        Options = options ?? GradCheckOptions.Default;
    }

    /// <summary>The block's name: the layer or loss method (<c>LayerNorm</c>, <c>Hinge</c>), or a model (<c>TinyGpt</c>).</summary>
    public string Name { get; }

    /// <summary>The gradient-check options this block needs.</summary>
    public GradCheckOptions Options { get; }

    /// <summary>A concrete case: parameters from <c>Init(<paramref name="seed"/>)</c>, inputs drawn from <paramref name="seed"/>.</summary>
    public BlockInstance Instantiate(int seed)
    {
        var inputs = new BlockInputs(seed);
        var built = _build(inputs).Build();
        var parameters = built.Init(seed);
        return new BlockInstance(this, built.Value, parameters.ToEnv(inputs.Point), inputs.Text, parameters.Count);
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
