namespace Dual.Track;

/// <summary>
/// Project 3, a dense layer on a batch: <c>Y = X·W + b</c> with X [batch, in], W [in, out], b [out], Y [batch, out];
/// and its backward pass <c>dX = dY·Wᵀ</c>, <c>dW = Xᵀ·dY</c>, <c>db = Σ over the batch of dY</c>.
/// </summary>
public interface IDenseLayer
{
    /// <summary>Y = X·W + b, the bias added to every row.</summary>
    double[,] Forward(double[,] x, double[,] w, double[] b);

    /// <summary>The gradients of X, W and b, given <paramref name="dy"/> = ∂loss/∂Y.</summary>
    DenseGradients Backward(double[,] x, double[,] w, double[] b, double[,] dy);
}
