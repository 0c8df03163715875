namespace Dual.Tests.Execution;

/// <summary>
/// Random graphs of one-element tensors (shapes [], [1] and [1, 1], which broadcast together) over every primitive the
/// scalar program covers (<see cref="Kernels.OneElement"/>), from a stream of choices: the graphs the engine runs as a
/// <see cref="ScalarProgram"/>. Bindings are drawn from <see cref="Values"/>, where the kernels change branch.
/// </summary>
internal static class ScalarGraph
{
    /// <summary>
    /// Ordinary values beside the edges of the kernels' branches: ±0, subnormals, exp's and log's guard limits (±700,
    /// 1e±300) and overflow (710, −746), tanh's (±20), sigmoid's sign switch and saturation (±30, ±37), NaN and ±∞.
    /// </summary>
    public static readonly double[] Values =
    [
        0.5, -1.25, 2.0, 0.1, -0.3, 1.0, 3.0, -2.0, 0.75, 1.5,
        0.0, -0.0, 1e-310, -1e-310, double.Epsilon, 1e-300, 9.99e-301, 1e300, 1.01e300, 1e-8, -1e-8,
        19.99, 20.0, 20.01, -20.01, 700.0, 700.5, -700.5, 709.7, 710.0, -745.0, -746.0,
        30.0, -30.0, 37.0, -37.0, 40.0, double.MaxValue, -double.MaxValue, double.NaN, double.PositiveInfinity, double.NegativeInfinity,
    ];

    /// <summary>Exponents that take each branch of the power kernel (exact forms and the general pow).</summary>
    public static readonly double[] Exponents = [2, 3, -2, 0.5, -1, 1.5, -0.7, 2.5, 4];

    public static (Expr[] Roots, Env Env) Build(Choices c)
    {
        // Mostly ordinary values, so that long chains stay finite; an edge value every fourth draw or so.
        Tensor Draw(Shape s) => Tensor.FromArray(s, [c.Next(0, 3) == 0 ? Values[c.Next(0, Values.Length - 1)] : Values[c.Next(0, 9)]]);
        var variables = new (string Name, Shape Shape)[] { ("a", Shape.Scalar), ("b", Shape.Scalar), ("c", Shape.Of(1)), ("d", Shape.Of(1, 1)) };
        var env = Env.Of(variables.Select(v => (v.Name, Draw(v.Shape))).ToArray());
        var nodes = variables.Select(v => Expr.Variable(v.Name, v.Shape)).ToList<Expr>();
        nodes.Add(Expr.Constant(Draw(Shape.Scalar)));

        var count = c.Next(1, 20);
        for (var i = 0; i < count; i++)
        {
            Expr Pick() => c.Next(0, 2) == 0 ? nodes[^1] : nodes[c.Next(0, nodes.Count - 1)];
            var a = Pick();
            var node = c.Next(0, 24) switch
            {
                0 => -a,
                1 => a.Exp(),
                2 => a.Log(),
                3 => a.Tanh(),
                4 => a.Sqrt(),
                5 => a.Abs(),
                6 => a.Sign() * a,
                7 => a.Pow(Exponents[c.Next(0, Exponents.Length - 1)]),
                8 => a.StopGradient() * Pick(),
                9 => a + Pick(),
                10 => a - Pick(),
                11 => a * Pick(),
                12 => a / Pick(),
                13 => a.Greater(Pick()) + a,
                14 => a.GreaterEqual(Pick()) * a,
                15 => a.Equal(Pick()) - a,
                16 => Expr.Where(a.Greater(Pick()), a, Pick()),
                17 => a.Sum(),
                18 => a.BroadcastTo([1, 1]),
                19 => a.Reshape([1]),
                20 => a.Gelu(),
                21 => a.GeluDerivative(),
                22 => a.Sigmoid(),
                23 => (a * 0.5).Sigmoid() * Pick(),
                _ => a.Tanh().Exp(),
            };
            nodes.Add(node);
        }
        var last = nodes[^1];
        var loss = last.Sum();
        Expr[] roots = [last, nodes[c.Next(0, nodes.Count - 1)], loss, .. Grad.Of(loss, [.. Graph.Variables(loss)])];
        return (roots, env);
    }
}
