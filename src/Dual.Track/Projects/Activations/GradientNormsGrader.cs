using Dual.Track.Grading;
using FsCheck;
using FsCheck.Fluent;

namespace Dual.Track.Projects;

/// <summary>
/// Grades <see cref="IActivations.GradientNorms"/>: at FsCheck-generated networks (1 to 5 layers, each activation)
/// against the norms of Dual's reverse-mode dW; then at two fixed 10-layer networks per activation, whose norms the
/// result carries as a figure (layer → ‖dW‖, log scale): the vanishing gradients of the chapter.
/// </summary>
internal static class GradientNormsGrader
{
    /// <summary>The depth of the network of the figure.</summary>
    public const int DeepLayers = 10;

    private static readonly Activation[] All = [Activation.Sigmoid, Activation.Tanh, Activation.Relu, Activation.Gelu];

    private static readonly Gen<double> Value = Shrinks.Hundredths(1.5);

    private static readonly Gen<NormsCase> Cases =
        from activation in Gen.Elements(All)
        from depth in Gen.Choose(1, 5)
        from inputs in Gen.Choose(1, 3)
        from hidden in Gen.ArrayOf(Gen.Choose(1, 3), depth - 1)
        from outputs in Gen.Choose(1, 2)
        from batch in Gen.Choose(1, 3)
        let widths = (int[])[inputs, .. hidden, outputs]
        from x in Gen.ArrayOf(Value, batch * inputs)
        from y in Gen.ArrayOf(Value, batch * outputs)
        from w in Gen.CollectToArray(Enumerable.Range(0, depth).Select(l => Gen.ArrayOf(Value, widths[l] * widths[l + 1])))
        from b in Gen.CollectToArray(Enumerable.Range(0, depth).Select(l => Gen.ArrayOf(Value, widths[l + 1])))
        select new NormsCase(new NetworkCase(batch, widths, x, y, [.. w], [.. b]), activation);

    /// <summary>A network with distinct, generic values where different mistakes give different norms.</summary>
    private static readonly NetworkCase Probe = new(
        2, [2, 3, 2, 1],
        [0.3, -1.2, 0.7, 0.45],
        [0.8, -0.6],
        [[0.25, -0.5, 1.1, 0.8, -1.3, 0.6], [0.7, -0.45, 0.35, 0.9, -0.2, 0.55], [1.2, -0.65]],
        [[0.05, -0.4, 0.9], [0.2, -0.1], [0.3]]);

    public static IEnumerable<CheckResult> Checks(IActivations solution)
    {
        yield return PropertySearch.Run("gradient norms", Cases, c => c.Shrink(), c => c.ToString(), c => Compare(solution, c),
            "every layer's ‖dW‖ matches Dual's reverse mode at 100 random networks (1 to 5 layers, all four activations)");
        yield return Vanishing(solution);
    }

    public static Func<Expr, Expr> Op(Activation activation) => activation switch
    {
        Activation.Sigmoid => z => z.Sigmoid(),
        Activation.Tanh => z => z.Tanh(),
        Activation.Relu => z => z.Relu(),
        _ => z => z.Gelu(),
    };

    /// <summary>√(Σ dW²) per layer by Dual's reverse mode; <paramref name="onOutput"/> also applies the activation to the output (a mistake).</summary>
    public static double[] Norms(NetworkCase c, Activation activation, bool onOutput = false, bool ofBias = false)
    {
        var (output, loss, env, _) = NetworkGrader.Reference(c, Op(activation));
        if (onOutput)
        {
            loss = (Op(activation)(output) - Expr.Variable("y", output.Shape)).Square().Mean();
        }

        var names = Enumerable.Range(0, c.Depth).Select(l => ofBias ? $"b{l}" : $"w{l}").ToArray();
        var (_, gradients) = Grad.ValueAndGrad(loss, env, names);
        return [.. names.Select(n => Math.Sqrt(gradients[n].ToArray().Sum(g => g * g)))];
    }

    /// <summary>A mistake as the norms it gives, and its hint.</summary>
    private sealed record NormsSuspect(string Hint, Func<NetworkCase, Activation, double[]> Formula);

    private static readonly NormsSuspect[] Suspects =
    [
        new("the norms are in reverse order: backprop reaches the last layer first, but return them first layer first", (c, a) => [.. Norms(c, a).Reverse()]),
        new("that is the sum of squares: the norm is its square root, √(Σ dW²)", (c, a) => [.. Norms(c, a).Select(n => n * n)]),
        new("those are the norms of db; the norms asked for are of dW", (c, a) => Norms(c, a, ofBias: true)),
        new("no activation after the last layer: the output is h·W + b itself, as in project 4", (c, a) => Norms(c, a, onOutput: true)),
        new("the loss is a mean: dOutput = 2(output − y) / (number of elements)", (c, a) => [.. Norms(c, a).Select(n => n * c.Batch * c.Widths[^1])]),
    ];

    private static Mismatch? Compare(IActivations solution, NormsCase c)
    {
        var expected = Norms(c.Net, c.Activation);
        var got = solution.GradientNorms(c.Net.XMatrix, c.Net.YMatrix, c.Net.Layers, c.Activation);
        return CompareNorms(expected, got, $"{Name(c.Activation)} net", () => Diagnose(solution, c, got!));
    }

    private static string Name(Activation activation) => activation.ToString().ToLowerInvariant();

    private static Mismatch? CompareNorms(double[] expected, double[]? got, string net, Func<string?> diagnose)
    {
        if (got is null || got.Length != expected.Length)
        {
            return new Mismatch($"GradientNorms returned {(got is null ? "null" : got.Length + " norms")} for the {net}; expected {expected.Length}, one per layer")
            {
                Where = net,
                Expected = Numbers.Text(expected),
                Got = got is null ? "null" : Numbers.Text(got),
                Hint = "one norm per layer (the length of layers), first layer first",
            };
        }

        for (var l = 0; l < expected.Length; l++)
        {
            if (!Numbers.Close(expected[l], got[l]))
            {
                return new Mismatch($"‖dW‖ of layer {l} in the {net} is wrong: expected {Numbers.Text(expected[l])}, got {Numbers.Text(got[l])}")
                {
                    Where = $"{net}, layer {l}",
                    Expected = $"{Numbers.Text(expected)} (Dual reverse mode)",
                    Got = Numbers.Text(got),
                    Hint = Numbers.NonFiniteHint(got[l]) ?? diagnose()
                        ?? "backprop as in project 4, with the activation's derivative at each layer's z where tanh′ was; then each layer's √(Σ dW²)",
                };
            }
        }

        return null;
    }

    /// <summary>Whether the learner's derivative is off (its own check names how), or which known mistake the norms match.</summary>
    private static string? Diagnose(IActivations solution, NormsCase c, double[] got)
    {
        try
        {
            var learner = ActivationsGrader.LearnerDerivative(solution, c.Activation);
            var dual = ActivationsGrader.DualDerivative(c.Activation);
            if (new[] { 0.37, -1.3, 2.1 }.Any(z => !Numbers.Close(dual(z), learner(z))))
            {
                return $"your {Name(c.Activation)} derivative is wrong (its check above says how), and the norms multiply by it between layers";
            }

            var atProbe = solution.GradientNorms(Probe.XMatrix, Probe.YMatrix, Probe.Layers, c.Activation);
            return Suspects.FirstOrDefault(s => Same(s.Formula(c.Net, c.Activation), got) && Same(s.Formula(Probe, c.Activation), atProbe))?.Hint;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }

    private static bool Same(double[] expected, double[]? got) =>
        got is not null && got.Length == expected.Length && expected.Zip(got, (e, g) => Numbers.Close(e, g)).All(ok => ok);

    /// <summary>The network of the figure: 10 layers of width 16 on 32 seeded points, weights N(0, 2/fan-in), zero biases.</summary>
    internal static NetworkCase DeepNet()
    {
        const int batch = 32, width = 16;
        int[] widths = [4, .. Enumerable.Repeat(width, DeepLayers - 1), 1];
        var x = Tensor.RandomNormal(Shape.Of(batch, widths[0]), 501).ToArray();
        var y = Tensor.RandomNormal(Shape.Of(batch, 1), 502).ToArray();
        var w = Enumerable.Range(0, DeepLayers)
            .Select(l => Tensor.RandomNormal(Shape.Of(widths[l], widths[l + 1]), 600 + l, 0, Math.Sqrt(2.0 / widths[l])).ToArray()).ToArray();
        var b = Enumerable.Range(0, DeepLayers).Select(l => new double[widths[l + 1]]).ToArray();
        return new NetworkCase(batch, widths, x, y, w, b);
    }

    private static CheckResult Vanishing(IActivations solution)
    {
        const string Check = "vanishing gradients (10 layers)";
        var net = DeepNet();
        var series = new List<FigureSeries>();
        try
        {
            foreach (var activation in All)
            {
                var expected = Norms(net, activation);
                var got = solution.GradientNorms(net.XMatrix, net.YMatrix, net.Layers, activation);
                var mismatch = CompareNorms(expected, got, $"{Name(activation)} net", () => Diagnose(solution, new NormsCase(net, activation), got!));
                if (mismatch is not null)
                {
                    return new CheckResult(Check, CheckStatus.Failed, mismatch.Message)
                    {
                        Input = $"the chapter's 10-layer network (widths {string.Join("-", net.Widths)}, {net.Batch} seeded points, weights N(0, 2/fan-in)) with {Name(activation)}",
                        Where = mismatch.Where,
                        Expected = mismatch.Expected,
                        Got = mismatch.Got,
                        Hint = mismatch.Hint is null || mismatch.Hint.StartsWith("backprop as in", StringComparison.Ordinal)
                            ? "make the gradient norms check above pass first" : mismatch.Hint,
                    };
                }

                series.Add(new FigureSeries(Name(activation), got!));
            }
        }
        catch (NotWrittenYetException e)
        {
            return CheckResult.NotWritten(Check, e.What);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var threw = Mismatch.Threw(e, Check);
            return new CheckResult(Check, CheckStatus.Failed, threw.Message) { Hint = "make the checks above pass first" };
        }

        var ratios = string.Join(", ", series.Select(s => $"{s.Name} {s.Values[0] / s.Values[^1]:0.##e+0}"));
        return CheckResult.Pass(Check, $"your norms match Dual's for all four activations; first layer's ‖dW‖ / last layer's: {ratios}")
            with
        {
            Figure = TrackFigure.Lines("‖dW‖ per layer of a 10-layer network (your GradientNorms)", "layer (0 = first)", "‖dW‖", [.. series]) with { LogY = true },
        };
    }
}
