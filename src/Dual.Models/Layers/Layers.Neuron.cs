namespace Dual.Models;

public static partial class Layers
{
    /// <summary>
    /// The seed's neuron: a = sigmoid(w·x + b) with scalar parameters <c>w</c> (uniform in [−1, 1), as in
    /// micrograd, unless <paramref name="init"/> says otherwise) and <c>b</c> (zero), applied elementwise to
    /// <paramref name="x"/> of any shape.
    /// </summary>
    public static Model<Expr> Neuron(Expr x, Initializer? init = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        return from w in Model.Param("w", Shape.Scalar, init ?? Init.Uniform(-1, 1))
               from b in Model.Param("b", Shape.Scalar, Init.Zeros)
               select (w * x + b).Sigmoid();
    }
}
