namespace Dual.Models;

/// <summary>A block check made concrete: the function (its output or loss), and the point (parameters and inputs) where its derivatives are checked.</summary>
public sealed class BlockInstance
{
    internal BlockInstance(BlockCase block, Expr function, Env point, string inputsText, int parameterCount)
    {
        Case = block;
        Function = function;
        Point = point;
        InputsText = inputsText;
        ParameterCount = parameterCount;
    }

    /// <summary>The catalog row this came from.</summary>
    public BlockCase Case { get; }

    /// <summary>The function to check: the block's output, or a loss.</summary>
    public Expr Function { get; }

    /// <summary>The values of its variables: parameters (by path) and inputs.</summary>
    public Env Point { get; }

    /// <summary>The inputs, e.g. <c>x[2, 4, 6]</c>; integer constants show their bound (<c>tokens[2, 5]&lt;7</c>).</summary>
    public string InputsText { get; }

    /// <summary>The number of parameter tensors.</summary>
    public int ParameterCount { get; }

    /// <summary>Runs <see cref="GradCheck.Run(Expr, Env, GradCheckOptions?)"/> on this case with the row's options.</summary>
    public GradCheckReport Check() => GradCheck.Run(Function, Point, Case.Options);

    /// <inheritdoc/>
    public override string ToString() => $"{Case.Name} {InputsText}";
}
