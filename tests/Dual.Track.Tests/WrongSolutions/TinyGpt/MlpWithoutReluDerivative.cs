namespace Dual.Track.Tests.WrongSolutions.TinyGpt;

/// <summary>Wrong: the MLP's backward passes dy·W2ᵀ straight through the ReLU, as if every unit were on.</summary>
public sealed class MlpWithoutReluDerivative : RightExceptOne
{
    public override MlpGradients MlpBackward(double[,] x, double[,] w1, double[,] w2, double[,] dy)
    {
        int rows = x.GetLength(0), width = x.GetLength(1), hidden = w1.GetLength(1);
        var a = new double[rows, hidden];
        var dh = new double[rows, hidden];
        for (var t = 0; t < rows; t++)
        {
            for (var j = 0; j < hidden; j++)
            {
                var h = 0.0;
                for (var c = 0; c < width; c++)
                {
                    h += x[t, c] * w1[c, j];
                    dh[t, j] += dy[t, c] * w2[j, c];
                }

                a[t, j] = Math.Max(h, 0);
            }
        }

        var (dx, dw1, dw2) = (new double[rows, width], new double[width, hidden], new double[hidden, width]);
        for (var t = 0; t < rows; t++)
        {
            for (var j = 0; j < hidden; j++)
            {
                for (var c = 0; c < width; c++)
                {
                    dx[t, c] += dh[t, j] * w1[c, j];
                    dw1[c, j] += x[t, c] * dh[t, j];
                    dw2[j, c] += a[t, j] * dy[t, c];
                }
            }
        }

        return new MlpGradients(dx, dw1, dw2);
    }
}
