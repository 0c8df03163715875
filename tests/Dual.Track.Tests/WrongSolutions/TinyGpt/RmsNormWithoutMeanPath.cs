namespace Dual.Track.Tests.WrongSolutions.TinyGpt;

/// <summary>Wrong: RMSNorm's backward treats r = 1/√(mean(x²) + eps) as a constant, dx = r·dy.</summary>
public sealed class RmsNormWithoutMeanPath : RightExceptOne
{
    public override double[,] RmsNormBackward(double[,] x, double[,] dy, double eps)
    {
        int rows = x.GetLength(0), width = x.GetLength(1);
        var dx = new double[rows, width];
        for (var t = 0; t < rows; t++)
        {
            var squares = 0.0;
            for (var c = 0; c < width; c++)
            {
                squares += x[t, c] * x[t, c];
            }

            var r = 1 / Math.Sqrt(squares / width + eps);
            for (var c = 0; c < width; c++)
            {
                dx[t, c] = r * dy[t, c];
            }
        }

        return dx;
    }
}
