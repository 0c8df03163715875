namespace Dual.Models;

public static partial class Layers
{
    /// <summary>
    /// An embedding lookup: a table <c>[vocab, width]</c> (parameter <paramref name="name"/>, default <c>w</c>;
    /// N(0, 1) unless <paramref name="init"/> says otherwise) whose rows are picked by <paramref name="indices"/>,
    /// integer values in <c>[0, vocab)</c> of any shape S; the result has shape <c>S + [width]</c>.
    /// The indices get no gradient (bind them as constants, or as variables that are never differentiated).
    /// </summary>
    public static Model<Expr> Embedding(Expr indices, int vocab, int width, Initializer? init = null, string name = "w")
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(vocab);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        return Model.Param(name, [vocab, width], init ?? Init.Normal(1.0)).Select(table => table.Gather(indices, 0));
    }
}
