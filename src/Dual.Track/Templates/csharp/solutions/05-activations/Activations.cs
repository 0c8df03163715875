using Dual.Track;

namespace Track;

/// <summary>
/// Project 5, activations and vanishing gradients. A reference solution, built on the dense layer of project 3.
/// </summary>
public sealed class Activations : IActivations
{
    private const double C = 0.7978845608028654;   // √(2/π)
    private const double A = 0.044715;

    private readonly DenseLayer _dense = new();

    /// <summary>s(1 - s) with s = sigmoid(z).</summary>
    public double SigmoidDerivative(double z)
    {
        var s = 1 / (1 + Math.Exp(-z));
        return s * (1 - s);
    }

    /// <summary>1 - tanh(z)².</summary>
    public double TanhDerivative(double z)
    {
        var t = Math.Tanh(z);
        return 1 - t * t;
    }

    /// <summary>1 for z &gt; 0, else 0 (0 at the kink).</summary>
    public double ReluDerivative(double z) => z > 0 ? 1 : 0;

    /// <summary>d/dz of ½z(1 + tanh u), u = √(2/π)(z + 0.044715z³): the product rule, then the chain rule inside tanh.</summary>
    public double GeluDerivative(double z)
    {
        var t = Math.Tanh(C * (z + A * z * z * z));
        var du = C * (1 + 3 * A * z * z);
        return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * du;
    }

    /// <summary>Project 4's backward pass with the activation's derivative at z; then √(Σ dW²) per layer.</summary>
    public double[] GradientNorms(double[,] x, double[,] y, IReadOnlyList<DenseParameters> layers, Activation activation)
    {
        // inputs[l] is layer l's input; zs[l] its pre-activation z (the derivative of relu and gelu needs z, not h).
        var inputs = new List<double[,]> { x };
        var zs = new List<double[,]>();
        for (var l = 0; l < layers.Count; l++)
        {
            var z = _dense.Forward(inputs[l], layers[l].W, layers[l].B);
            zs.Add(z);
            inputs.Add(l < layers.Count - 1 ? Map(z, v => Activate(activation, v)) : z);
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

        var norms = new double[layers.Count];
        for (var l = layers.Count - 1; l >= 0; l--)
        {
            var gradients = _dense.Backward(inputs[l], layers[l].W, layers[l].B, dz);
            var sum = 0.0;
            foreach (var g in gradients.DW)
            {
                sum += g * g;
            }

            norms[l] = Math.Sqrt(sum);
            if (l > 0)
            {
                var before = zs[l - 1];
                var dx = gradients.DX;
                dz = new double[dx.GetLength(0), dx.GetLength(1)];
                for (var i = 0; i < dx.GetLength(0); i++)
                {
                    for (var k = 0; k < dx.GetLength(1); k++)
                    {
                        dz[i, k] = dx[i, k] * Derivative(activation, before[i, k]);
                    }
                }
            }
        }

        return norms;
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
        _ => 0.5 * z * (1 + Math.Tanh(C * (z + A * z * z * z))),
    };

    private static double[,] Map(double[,] m, Func<double, double> f)
    {
        var r = new double[m.GetLength(0), m.GetLength(1)];
        for (var i = 0; i < m.GetLength(0); i++)
        {
            for (var j = 0; j < m.GetLength(1); j++)
            {
                r[i, j] = f(m[i, j]);
            }
        }

        return r;
    }
}
