namespace Dual.Track.Tests.WrongSolutions.DenseLayer;

/// <summary>Wrong: the forward pass forgets the bias.</summary>
public sealed class ForwardWithoutBias : IDenseLayer
{
    public double[,] Forward(double[,] x, double[,] w, double[] b)
    {
        int batch = x.GetLength(0), inputs = x.GetLength(1), outputs = w.GetLength(1);
        var y = new double[batch, outputs];
        for (var i = 0; i < batch; i++)
        {
            for (var j = 0; j < outputs; j++)
            {
                var sum = 0.0;
                for (var k = 0; k < inputs; k++)
                {
                    sum += x[i, k] * w[k, j];
                }

                y[i, j] = sum;
            }
        }

        return y;
    }

    public DenseGradients Backward(double[,] x, double[,] w, double[] b, double[,] dy)
    {
        int batch = x.GetLength(0), inputs = x.GetLength(1), outputs = w.GetLength(1);
        var dx = new double[batch, inputs];
        var dw = new double[inputs, outputs];
        var db = new double[outputs];
        for (var i = 0; i < batch; i++)
        {
            for (var j = 0; j < outputs; j++)
            {
                db[j] += dy[i, j];
                for (var k = 0; k < inputs; k++)
                {
                    dx[i, k] += dy[i, j] * w[k, j];
                    dw[k, j] += x[i, k] * dy[i, j];
                }
            }
        }

        return new DenseGradients(dx, dw, db);
    }
}
