using Dual.Track;

namespace Track;

/// <summary>
/// Project 3, a dense layer on a batch: Y = X·W + b, X [batch, in], W [in, out], b [out], Y [batch, out].
/// Read README.md in this folder, then replace each TODO. Check with `dual track check dense-layer`.
/// </summary>
public sealed class DenseLayer : IDenseLayer
{
    /// <summary>Y[i,j] = Σ_k X[i,k]·W[k,j] + b[j].</summary>
    public double[,] Forward(double[,] x, double[,] w, double[] b) =>
        throw new NotWrittenYetException("Forward");   // TODO

    /// <summary>Given dY = dloss/dY: dX = dY·Wᵀ, dW = Xᵀ·dY, db = dY summed over the batch rows.</summary>
    public DenseGradients Backward(double[,] x, double[,] w, double[] b, double[,] dy) =>
        throw new NotWrittenYetException("Backward");   // TODO
}
