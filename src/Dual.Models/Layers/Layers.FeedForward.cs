namespace Dual.Models;

public static partial class Layers
{
    /// <summary>
    /// The transformer's position-wise MLP: <c>fc2(activation(fc1(x)))</c>, from the input width to
    /// <paramref name="hidden"/> and back. Parameters <c>fc1.w [width, hidden]</c>, <c>fc1.b [hidden]</c>,
    /// <c>fc2.w [hidden, width]</c>, <c>fc2.b [width]</c> (the biases only when <paramref name="bias"/> is true).
    /// The activation defaults to GELU (tanh); <paramref name="init"/> draws fc1's weight and
    /// <paramref name="outputInit"/> fc2's (default: the same as fc1; Kaiming if neither is given).
    /// </summary>
    public static Model<Expr> FeedForward(Expr x, int hidden, Func<Expr, Expr>? activation = null, bool bias = true,
        Initializer? init = null, Initializer? outputInit = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hidden);
        RequireFeatureAxis(x, nameof(FeedForward));
        var act = activation ?? (h => h.Gelu());
        var width = x.Shape[^1];
        return from h in Dense(x, hidden, bias, init).Named("fc1")
               from y in Dense(act(h), width, bias, outputInit ?? init).Named("fc2")
               select y;
    }
}
