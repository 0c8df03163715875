namespace Dual.Track.Tests.WrongSolutions.Activations;

/// <summary>
/// A learner's project 5 written right, for the wrong solutions to change one piece of: its norms use its own
/// derivatives, as a learner's do, so a wrong derivative shows in the norms too.
/// </summary>
public abstract class Learner : IActivations
{
    private readonly global::Track.DenseLayer _dense = new();

    public virtual double SigmoidDerivative(double z)
    {
        var s = 1 / (1 + Math.Exp(-z));
        return s * (1 - s);
    }

    public virtual double TanhDerivative(double z) => 1 - Math.Tanh(z) * Math.Tanh(z);

    public virtual double ReluDerivative(double z) => z > 0 ? 1 : 0;

    public virtual double GeluDerivative(double z)
    {
        const double c = 0.7978845608028654, a = 0.044715;
        var t = Math.Tanh(c * (z + a * z * z * z));
        return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * c * (1 + 3 * a * z * z);
    }

    public virtual double[] GradientNorms(double[,] x, double[,] y, IReadOnlyList<DenseParameters> layers, Activation activation)
    {
        var norms = new double[layers.Count];
        var l = layers.Count - 1;
        foreach (var dw in WeightGradientsLastFirst(x, y, layers, activation))
        {
            var sum = 0.0;
            foreach (var g in dw)
            {
                sum += g * g;
            }

            norms[l--] = Math.Sqrt(sum);
        }

        return norms;
    }

    /// <summary>Project 4's backward pass with the activation's derivative, each layer's dW as backprop reaches it.</summary>
    protected IEnumerable<double[,]> WeightGradientsLastFirst(double[,] x, double[,] y, IReadOnlyList<DenseParameters> layers, Activation activation)
    {
        var inputs = new List<double[,]> { x };
        var zs = new List<double[,]>();
        for (var l = 0; l < layers.Count; l++)
        {
            var z = _dense.Forward(inputs[l], layers[l].W, layers[l].B);
            zs.Add(z);
            var h = (double[,])z.Clone();
            if (l < layers.Count - 1)
            {
                for (var i = 0; i < h.GetLength(0); i++)
                {
                    for (var j = 0; j < h.GetLength(1); j++)
                    {
                        h[i, j] = Activate(activation, z[i, j]);
                    }
                }
            }

            inputs.Add(h);
        }

        var output = inputs[^1];
        int rows = output.GetLength(0), columns = output.GetLength(1);
        var dz = new double[rows, columns];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                dz[i, j] = 2 * (output[i, j] - y[i, j]) / (rows * columns);
            }
        }

        for (var l = layers.Count - 1; l >= 0; l--)
        {
            var gradients = _dense.Backward(inputs[l], layers[l].W, layers[l].B, dz);
            yield return gradients.DW;
            if (l > 0)
            {
                var dx = gradients.DX;
                dz = new double[dx.GetLength(0), dx.GetLength(1)];
                for (var i = 0; i < dx.GetLength(0); i++)
                {
                    for (var k = 0; k < dx.GetLength(1); k++)
                    {
                        dz[i, k] = dx[i, k] * Derivative(activation, zs[l - 1][i, k]);
                    }
                }
            }
        }
    }

    private double Derivative(Activation activation, double z) => activation switch
    {
        Activation.Sigmoid => SigmoidDerivative(z),
        Activation.Tanh => TanhDerivative(z),
        Activation.Relu => ReluDerivative(z),
        _ => GeluDerivative(z),
    };

    private static double Activate(Activation activation, double z) => activation switch
    {
        Activation.Sigmoid => 1 / (1 + Math.Exp(-z)),
        Activation.Tanh => Math.Tanh(z),
        Activation.Relu => Math.Max(z, 0),
        _ => 0.5 * z * (1 + Math.Tanh(0.7978845608028654 * (z + 0.044715 * z * z * z))),
    };
}
