using Dual.Models;
using Dual.Track.Grading;
using FsCheck;
using FsCheck.Fluent;

namespace Dual.Track.Projects;

/// <summary>
/// Grades <see cref="INetwork"/>: the forward pass and every layer's dW and db at FsCheck-generated MLPs (1 to 3
/// layers, widths 1 to 4) against Dual's reverse mode of <c>mean((output − Y)²)</c>; then trains XOR and moons by
/// gradient descent with the learner's own backward pass, to at least 0.99 accuracy.
/// </summary>
internal static class NetworkGrader
{
    /// <summary>The accuracy the trained networks must reach.</summary>
    public const double RequiredAccuracy = 0.99;

    private static readonly Gen<double> Value = Shrinks.Hundredths(1.5);

    private static readonly Gen<NetworkCase> Cases =
        from depth in Gen.Choose(1, 3)
        from inputs in Gen.Choose(1, 3)
        from hidden in Gen.ArrayOf(Gen.Choose(1, 4), depth - 1)
        from outputs in Gen.Choose(1, 2)
        from batch in Gen.Choose(1, 4)
        let widths = (int[])[inputs, .. hidden, outputs]
        from x in Gen.ArrayOf(Value, batch * inputs)
        from y in Gen.ArrayOf(Value, batch * outputs)
        from w in Gen.CollectToArray(Enumerable.Range(0, depth).Select(l => Gen.ArrayOf(Value, widths[l] * widths[l + 1])))
        from b in Gen.CollectToArray(Enumerable.Range(0, depth).Select(l => Gen.ArrayOf(Value, widths[l + 1])))
        select new NetworkCase(batch, widths, x, y, [.. w], [.. b]);

    private static readonly NetworkCase Probe = new(
        3, [2, 3, 1],
        [0.3, -1.2, 0.7, 0.45, -0.9, 1.1],
        [0.8, -0.6, 0.25],
        [[0.25, -0.5, 1.1, 0.8, -1.3, 0.6], [0.7, -0.45, 0.35]],
        [[0.05, -0.4, 0.9], [0.2]]);

    public static IEnumerable<CheckResult> Checks(INetwork network)
    {
        yield return PropertySearch.Run("forward", Cases, c => c.Shrink(), c => c.ToString(), c => Forward(network, c),
            "the output matches Dual's at 100 random networks");
        yield return PropertySearch.Run("dW (every layer)", Cases, c => c.Shrink(), c => c.ToString(), c => Backward(network, c, weights: true),
            "every layer's dW matches Dual's reverse mode at 100 random networks");
        yield return PropertySearch.Run("db (every layer)", Cases, c => c.Shrink(), c => c.ToString(), c => Backward(network, c, weights: false),
            "every layer's db matches Dual's reverse mode at 100 random networks");
        yield return Train(network, "train xor", Datasets.Xor(), [2, 8, 1], learningRate: 0.2, steps: 1000, seed: 1);
        yield return Train(network, "train moons", Datasets.Moons(100, noise: 0.1, seed: 7), [2, 16, 16, 1], learningRate: 0.2, steps: 3000, seed: 1);
    }

    /// <summary>The network as Dual expressions; <paramref name="activation"/> between layers (tanh unless given; project 5 passes others).</summary>
    internal static (Expr Output, Expr Loss, Env Env, string[] Names) Reference(NetworkCase c, Func<Expr, Expr>? activation = null)
    {
        activation ??= z => z.Tanh();
        var x = Expr.Variable("x", Shape.Of(c.Batch, c.Widths[0]));
        var y = Expr.Variable("y", Shape.Of(c.Batch, c.Widths[^1]));
        var env = Env.Of(("x", Tensor.FromArray(x.Shape, c.X)), ("y", Tensor.FromArray(y.Shape, c.Y)));
        var names = new List<string>();
        var h = x;
        for (var l = 0; l < c.Depth; l++)
        {
            var w = Expr.Variable($"w{l}", Shape.Of(c.Widths[l], c.Widths[l + 1]));
            var b = Expr.Variable($"b{l}", Shape.Of(c.Widths[l + 1]));
            env = env.With($"w{l}", Tensor.FromArray(w.Shape, c.W[l])).With($"b{l}", Tensor.FromArray(b.Shape, c.B[l]));
            names.Add($"w{l}");
            names.Add($"b{l}");
            var z = h.MatMul(w) + b;
            h = l < c.Depth - 1 ? activation(z) : z;
        }

        return (h, (h - y).Square().Mean(), env, [.. names]);
    }

    private static Mismatch? Forward(INetwork network, NetworkCase c)
    {
        var (output, _, env, _) = Reference(c);
        var expected = Evaluator.Evaluate(output, env).ToArray();
        var got = network.Forward(c.XMatrix, c.Layers);
        return CompareTensor("output", expected, [c.Batch, c.Widths[^1]], got, null,
            "h = X; for each layer: z = h·W + b, then h = tanh(z) for every layer except the last");
    }

    private static Mismatch? Backward(INetwork network, NetworkCase c, bool weights)
    {
        var (_, loss, env, names) = Reference(c);
        var (_, gradients) = Grad.ValueAndGrad(loss, env, names);
        var got = network.Backward(c.XMatrix, c.YMatrix, c.Layers);
        if (got is null || got.Count != c.Depth)
        {
            return new Mismatch($"Backward returned {(got is null ? "null" : got.Count + " layers' gradients")}; expected {c.Depth}, one per layer, first layer first")
            {
                Hint = "collect each layer's DenseGradients while walking the layers backwards, then put them in the layers' order",
            };
        }

        for (var l = 0; l < c.Depth; l++)
        {
            var name = weights ? $"w{l}" : $"b{l}";
            var expected = gradients[name].ToArray();
            var shape = weights ? new[] { c.Widths[l], c.Widths[l + 1] } : new[] { c.Widths[l + 1] };
            var layer = l;
            var mismatch = weights
                ? CompareTensor($"layer {l} dW", expected, shape, got[l]?.DW, () => Diagnose(network, c, layer, weights), "dW = hᵀ·dz, with h the layer's input")
                : CompareVector($"layer {l} db", expected, got[l]?.DB, () => Diagnose(network, c, layer, weights), "db = dz summed over the batch rows");
            if (mismatch is not null)
            {
                return mismatch;
            }
        }

        return null;
    }

    /// <summary>Which known mistake the learner's gradients match, at the failing case and at a generic probe.</summary>
    private static string? Diagnose(INetwork network, NetworkCase c, int layer, bool weights)
    {
        (Mistake Mistake, string Hint)[] suspects =
        [
            (Mistake.NoTanhDerivative, "the tanh derivative is missing: between layers, dz = dh ⊙ (1 − h²)"),
            (Mistake.TanhAppliedTwice, "tanh is applied twice: h is already tanh(z), so the derivative is 1 − h², not 1 − tanh(h)²"),
            (Mistake.SumNotMean, "the loss is a mean: dOutput = 2(output − y) / (number of elements)"),
            (Mistake.NoFactorTwo, "the factor 2 of the square is missing: dOutput = 2(output − y) / n"),
            (Mistake.SignFlipped, "the sign is flipped: dOutput = 2(output − y)/n, not 2(y − output)/n"),
        ];
        foreach (var (mistake, hint) in suspects)
        {
            try
            {
                if (Matches(network, c, layer, weights, mistake) && Matches(network, Probe, Math.Min(layer, Probe.Depth - 1), weights, mistake))
                {
                    return hint;
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return null;
            }
        }

        return null;
    }

    private static bool Matches(INetwork network, NetworkCase c, int layer, bool weights, Mistake mistake)
    {
        var wrong = ManualBackward(c, mistake)[layer];
        var got = network.Backward(c.XMatrix, c.YMatrix, c.Layers)[layer];
        var (a, b) = weights ? (Numbers.Flatten(wrong.DW), got?.DW is null ? null : Numbers.Flatten(got.DW)) : (wrong.DB, got?.DB);
        return b is not null && a.Length == b.Length && a.Zip(b, (u, v) => Numbers.Close(u, v)).All(ok => ok);
    }

    internal enum Mistake
    {
        None,
        NoTanhDerivative,
        TanhAppliedTwice,
        SumNotMean,
        NoFactorTwo,
        SignFlipped,
    }

    /// <summary>The backward pass by plain loops, right or with one <paramref name="mistake"/> (the grader's suspects).</summary>
    internal static DenseGradients[] ManualBackward(NetworkCase c, Mistake mistake)
    {
        var hs = new List<double[,]> { c.XMatrix };
        var zs = new List<double[,]>();
        var layers = c.Layers;
        for (var l = 0; l < c.Depth; l++)
        {
            var z = Dense(hs[l], layers[l]);
            zs.Add(z);
            hs.Add(l < c.Depth - 1 ? Map(z, Math.Tanh) : z);
        }

        var output = hs[^1];
        var y = c.YMatrix;
        var n = (double)output.Length;
        var scale = mistake switch { Mistake.SumNotMean => 2.0, Mistake.NoFactorTwo => 1 / n, Mistake.SignFlipped => -2 / n, _ => 2 / n };
        var dz = new double[output.GetLength(0), output.GetLength(1)];
        for (var i = 0; i < dz.GetLength(0); i++)
        {
            for (var j = 0; j < dz.GetLength(1); j++)
            {
                dz[i, j] = scale * (output[i, j] - y[i, j]);
            }
        }

        var result = new DenseGradients[c.Depth];
        for (var l = c.Depth - 1; l >= 0; l--)
        {
            var h = hs[l];
            var w = layers[l].W;
            var dh = new double[h.GetLength(0), h.GetLength(1)];
            var dw = new double[w.GetLength(0), w.GetLength(1)];
            var db = new double[w.GetLength(1)];
            for (var i = 0; i < h.GetLength(0); i++)
            {
                for (var j = 0; j < w.GetLength(1); j++)
                {
                    db[j] += dz[i, j];
                    for (var k = 0; k < w.GetLength(0); k++)
                    {
                        dh[i, k] += dz[i, j] * w[k, j];
                        dw[k, j] += h[i, k] * dz[i, j];
                    }
                }
            }

            result[l] = new DenseGradients(dh, dw, db);
            if (l > 0)
            {
                dz = new double[dh.GetLength(0), dh.GetLength(1)];
                for (var i = 0; i < dh.GetLength(0); i++)
                {
                    for (var k = 0; k < dh.GetLength(1); k++)
                    {
                        var derivative = mistake switch
                        {
                            Mistake.NoTanhDerivative => 1.0,
                            Mistake.TanhAppliedTwice => 1 - Math.Tanh(h[i, k]) * Math.Tanh(h[i, k]),
                            _ => 1 - h[i, k] * h[i, k],
                        };
                        dz[i, k] = dh[i, k] * derivative;
                    }
                }
            }
        }

        return result;
    }

    private static double[,] Dense(double[,] x, DenseParameters p)
    {
        var y = new double[x.GetLength(0), p.W.GetLength(1)];
        for (var i = 0; i < x.GetLength(0); i++)
        {
            for (var j = 0; j < p.W.GetLength(1); j++)
            {
                var sum = p.B[j];
                for (var k = 0; k < x.GetLength(1); k++)
                {
                    sum += x[i, k] * p.W[k, j];
                }

                y[i, j] = sum;
            }
        }

        return y;
    }

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

    private static Mismatch? CompareTensor(string name, double[] expected, int[] shape, double[,]? got, Func<string?>? diagnose, string formula)
    {
        if (got is null)
        {
            return new Mismatch($"{name} is null") { Where = name, Hint = formula };
        }

        if (got.GetLength(0) != shape[0] || got.GetLength(1) != shape[1])
        {
            return new Mismatch($"{name} has shape [{got.GetLength(0)},{got.GetLength(1)}]; expected [{shape[0]},{shape[1]}]")
            {
                Where = name,
                Expected = $"shape [{shape[0]},{shape[1]}]",
                Got = $"shape [{got.GetLength(0)},{got.GetLength(1)}]",
                Hint = formula,
            };
        }

        var flat = Numbers.Flatten(got);
        var first = Enumerable.Range(0, expected.Length).FirstOrDefault(i => !Numbers.Close(expected[i], flat[i]), -1);
        if (first < 0)
        {
            return null;
        }

        var where = $"{name}[{first / shape[1]},{first % shape[1]}]";
        return new Mismatch($"{where} is wrong: expected {Numbers.Text(expected[first])}, got {Numbers.Text(flat[first])}")
        {
            Where = where,
            Expected = Numbers.Text(expected[first]) + " (Dual reverse mode)",
            Got = Numbers.Text(flat[first]),
            Hint = Numbers.NonFiniteHint(flat[first]) ?? diagnose?.Invoke() ?? formula,
        };
    }

    private static Mismatch? CompareVector(string name, double[] expected, double[]? got, Func<string?> diagnose, string formula)
    {
        if (got is null || got.Length != expected.Length)
        {
            return new Mismatch($"{name} has {(got is null ? "no" : got.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))} elements; expected {expected.Length}") { Where = name, Hint = formula };
        }

        var first = Enumerable.Range(0, expected.Length).FirstOrDefault(i => !Numbers.Close(expected[i], got[i]), -1);
        if (first < 0)
        {
            return null;
        }

        return new Mismatch($"{name}[{first}] is wrong: expected {Numbers.Text(expected[first])}, got {Numbers.Text(got[first])}")
        {
            Where = $"{name}[{first}]",
            Expected = Numbers.Text(expected[first]) + " (Dual reverse mode)",
            Got = Numbers.Text(got[first]),
            Hint = Numbers.NonFiniteHint(got[first]) ?? diagnose() ?? formula,
        };
    }

    /// <summary>
    /// Full-batch gradient descent with the learner's backward pass; passes at the required accuracy (labels ±1, sign of
    /// the output). The result carries the loss curve: the learner's run beside the same run with the grader's backward.
    /// </summary>
    private static CheckResult Train(INetwork network, string name, LabeledData data, int[] widths, double learningRate, int steps, int seed)
    {
        var x = DenseCase.Matrix(data.Inputs.ToArray(), data.Count, data.Features);
        var y = DenseCase.Matrix(data.Labels.ToArray(), data.Count, 1);
        var start = new List<DenseParameters>();
        for (var l = 0; l + 1 < widths.Length; l++)
        {
            var scale = 1 / Math.Sqrt(widths[l]);
            var w = Tensor.RandomUniform(Shape.Of(widths[l], widths[l + 1]), seed * 100 + l, -scale, scale).ToArray();
            start.Add(new DenseParameters(DenseCase.Matrix(w, widths[l], widths[l + 1]), new double[widths[l + 1]]));
        }

        // The curve keeps about 250 points of a long run: enough to see its shape, small enough for the page.
        var every = Math.Max(1, steps / 250);
        var yours = new List<double>();
        var figure = () => LossFigure(name, x, y, widths, start, learningRate, steps, every, yours);
        try
        {
            var layers = Descend(x, y, start, layers => network.Backward(x, y, layers), learningRate, steps, every, yours);
            var output = network.Forward(x, layers);
            if (Enumerable.Range(0, data.Count).Any(i => !double.IsFinite(output[i, 0])))
            {
                return new CheckResult(name, CheckStatus.Failed, "the network's outputs became NaN or infinite during training: it diverged")
                {
                    Hint = "gradients too large by a factor (a sum instead of a mean?) make gradient descent overshoot; make the checks above pass first",
                    Figure = figure(),
                };
            }

            var correct = Enumerable.Range(0, data.Count).Count(i => Math.Sign(output[i, 0]) == Math.Sign(y[i, 0]));
            var accuracy = (double)correct / data.Count;
            var setup = $"MLP {string.Join("-", widths)} with tanh, mean squared error against labels ±1, {steps} steps of gradient descent at lr {Numbers.Text(learningRate)}, {data.Count} points";
            return accuracy >= RequiredAccuracy
                ? CheckResult.Pass(name, $"accuracy {Numbers.Text(accuracy)} with your backward pass ({setup})") with { Figure = figure() }
                : new CheckResult(name, CheckStatus.Failed, $"accuracy {Numbers.Text(accuracy)} after training with your backward pass; need {Numbers.Text(RequiredAccuracy)}")
                {
                    Input = setup,
                    Expected = $">= {Numbers.Text(RequiredAccuracy)}",
                    Got = Numbers.Text(accuracy),
                    Hint = "make the dW and db checks above pass first: training follows the gradients you return",
                    Figure = figure(),
                };
        }
        catch (NotWrittenYetException e)
        {
            return CheckResult.NotWritten(name, e.What);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var mismatch = Mismatch.Threw(e, name);
            return new CheckResult(name, CheckStatus.Failed, mismatch.Message) { Hint = "make the checks above pass first" };
        }
    }

    /// <summary>
    /// <paramref name="steps"/> steps of full-batch gradient descent from <paramref name="start"/> with the gradients of
    /// <paramref name="backward"/>; the mean squared error (by the grader's own forward pass) before every
    /// <paramref name="every"/>-th step goes to <paramref name="losses"/>. Returns the trained layers.
    /// </summary>
    private static List<DenseParameters> Descend(double[,] x, double[,] y, IReadOnlyList<DenseParameters> start, Func<List<DenseParameters>, IReadOnlyList<DenseGradients>> backward, double learningRate, int steps, int every, List<double> losses)
    {
        var layers = start.ToList();
        for (var step = 0; step < steps; step++)
        {
            if (step % every == 0)
            {
                losses.Add(MeanSquaredError(x, y, layers));
            }

            var gradients = backward(layers);
            for (var l = 0; l < layers.Count; l++)
            {
                var (w, b) = (layers[l].W, layers[l].B);
                var (dw, db) = (gradients[l].DW, gradients[l].DB);
                var nw = new double[w.GetLength(0), w.GetLength(1)];
                for (var i = 0; i < w.GetLength(0); i++)
                {
                    for (var j = 0; j < w.GetLength(1); j++)
                    {
                        nw[i, j] = w[i, j] - learningRate * dw[i, j];
                    }
                }

                layers[l] = new DenseParameters(nw, [.. b.Select((bj, j) => bj - learningRate * db[j])]);
            }
        }

        return layers;
    }

    /// <summary>The loss curve of a training check: the learner's losses and, as the reference, the grader's backward pass's.</summary>
    private static TrackFigure LossFigure(string name, double[,] x, double[,] y, int[] widths, IReadOnlyList<DenseParameters> start, double learningRate, int steps, int every, List<double> yours)
    {
        var reference = new List<double>();
        Descend(x, y, start, layers => ManualBackward(AsCase(x, y, widths, layers), Mistake.None), learningRate, steps, every, reference);
        return TrackFigure.Lines(
            $"{name}: mean squared error during training ({steps} steps, lr {Numbers.Text(learningRate)})",
            "step",
            "loss (MSE)",
            new FigureSeries("your backward", yours),
            new FigureSeries("the grader's backward", reference)) with { LogY = true, XStep = every };
    }

    private static NetworkCase AsCase(double[,] x, double[,] y, int[] widths, List<DenseParameters> layers) =>
        new(x.GetLength(0), widths, Numbers.Flatten(x), Numbers.Flatten(y), [.. layers.Select(l => Numbers.Flatten(l.W))], [.. layers.Select(l => l.B)]);

    private static double MeanSquaredError(double[,] x, double[,] y, List<DenseParameters> layers)
    {
        var h = x;
        for (var l = 0; l < layers.Count; l++)
        {
            var z = Dense(h, layers[l]);
            h = l < layers.Count - 1 ? Map(z, Math.Tanh) : z;
        }

        var sum = 0.0;
        for (var i = 0; i < h.GetLength(0); i++)
        {
            for (var j = 0; j < h.GetLength(1); j++)
            {
                sum += (h[i, j] - y[i, j]) * (h[i, j] - y[i, j]);
            }
        }

        return sum / h.Length;
    }
}
