namespace Dual.Track.Tests.WrongSolutions.Network;

/// <summary>Wrong: dOutput = 2(output - y), the loss treated as a sum, not a mean.</summary>
public sealed class SumNotMean : INetwork
{
    private readonly global::Track.DenseLayer _dense = new();

    public double[,] Forward(double[,] x, IReadOnlyList<DenseParameters> layers) => Run(x, layers).Inputs[^1];

    public IReadOnlyList<DenseGradients> Backward(double[,] x, double[,] y, IReadOnlyList<DenseParameters> layers)
    {
        var (inputs, _) = Run(x, layers);
        var output = inputs[^1];
        int rows = output.GetLength(0), columns = output.GetLength(1);
        var dz = new double[rows, columns];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                dz[i, j] = 2 * (output[i, j] - y[i, j]);
            }
        }

        var gradients = new DenseGradients[layers.Count];
        for (var l = layers.Count - 1; l >= 0; l--)
        {
            gradients[l] = _dense.Backward(inputs[l], layers[l].W, layers[l].B, dz);
            if (l > 0)
            {
                var h = inputs[l];
                var dx = gradients[l].DX;
                dz = new double[h.GetLength(0), h.GetLength(1)];
                for (var i = 0; i < h.GetLength(0); i++)
                {
                    for (var k = 0; k < h.GetLength(1); k++)
                    {
                        dz[i, k] = dx[i, k] * (1 - h[i, k] * h[i, k]);
                    }
                }
            }
        }

        return gradients;
    }

    private (List<double[,]> Inputs, int Depth) Run(double[,] x, IReadOnlyList<DenseParameters> layers)
    {
        var inputs = new List<double[,]> { x };
        for (var l = 0; l < layers.Count; l++)
        {
            var z = _dense.Forward(inputs[l], layers[l].W, layers[l].B);
            if (l < layers.Count - 1)
            {
                for (var i = 0; i < z.GetLength(0); i++)
                {
                    for (var j = 0; j < z.GetLength(1); j++)
                    {
                        z[i, j] = Math.Tanh(z[i, j]);
                    }
                }
            }

            inputs.Add(z);
        }

        return (inputs, layers.Count);
    }
}
