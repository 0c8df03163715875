namespace Dual.Tests.Execution;

/// <summary>
/// Random expression graphs from a stream of choices (FsCheck shrinks it toward smaller graphs): variables of shapes that
/// broadcast together, unary and binary primitives on operands picked among all earlier nodes (so nodes are shared),
/// views (reshapes), transposes, reductions with kept axes, products and selections. The roots are the last node, some earlier
/// nodes, and the gradients of the last node's sum with respect to every variable.
/// </summary>
internal static class RandomGraph
{
    /// <summary>
    /// FsCheck's choices, then a long seeded continuation: FsCheck's arrays are short, and an exhausted stream yields the
    /// smallest choice, so without it most graphs would be a few tanh nodes. Shrinking still shortens the prefix.
    /// </summary>
    public static Choices Stream(int[] choices)
    {
        var rng = new MathNet.Numerics.Random.MersenneTwister(choices.Length * 7919 + choices.Sum(c => c % 10_007), threadSafe: false);
        return new Choices([.. choices, .. Enumerable.Range(0, 400).Select(_ => rng.Next(0, 1 << 16))]);
    }

    public static (Expr[] Roots, Env Env) Build(Choices c, bool large)
    {
        // Rows × columns: small, or large enough that elementwise kernels split over both cores (Split.ParallelElements).
        var (rows, cols) = large ? (512, 320) : (2, 3);
        var rng = new MathNet.Numerics.Random.MersenneTwister(c.Next(0, 1000), threadSafe: false);
        Tensor Draw(Shape s) => Tensor.Generate(s, _ => 2 * rng.NextDouble() - 1);
        var variables = new (string Name, Shape Shape)[] { ("m", Shape.Of(rows, cols)), ("v", Shape.Of(cols)), ("s", Shape.Scalar), ("n", Shape.Of(rows, cols)), ("col", Shape.Of(rows, 1)) };
        var env = Env.Of(variables.Select(v => (v.Name, Draw(v.Shape))).ToArray());
        var nodes = variables.Select(v => Expr.Variable(v.Name, v.Shape)).ToList<Expr>();
        nodes.Add(Expr.Constant(Draw(Shape.Of(cols))));

        var count = c.Next(1, large ? 8 : 25);
        for (var i = 0; i < count; i++)
        {
            Expr Pick() => c.Next(0, 2) == 0 ? nodes[^1] : nodes[c.Next(0, nodes.Count - 1)]; // often the last: deep chains
            var a = Pick();
            var node = c.Next(0, 12) switch
            {
                0 => a.Tanh(),
                1 => a.Tanh().Exp(),
                2 => -a,
                3 => a + Pick(),
                4 => a * Pick(),
                5 => a - Pick(),
                6 => a / (Pick().Square() + 1.0),
                7 => a.Rank == 2 ? a.Sum(c.Next(0, 1), keepDims: true) : a.Sum(),
                8 => a.Rank == 2 ? a.Reshape([a.Shape.Size]).Reshape(a.Shape) : a.Reshape([1, .. a.Shape.Dims]).Sum(0),
                9 => Expr.Where(a.Greater(Pick()), a, Pick()),
                10 => a.Rank == 2 && a.Shape == Shape.Of(rows, cols) && !large ? a.MatMul(Pick().BroadcastTo([rows, cols]), false, true).MatMul(a) : a.Sqrt(),
                11 => a.Rank == 2 ? a.T.Reshape(a.Shape) * 1.5 : a.Abs(), // a move that must not write over its operand
                _ => a.Rank == 2 ? a.Max(1, keepDims: true) : a.Abs(),
            };
            nodes.Add(node);
        }
        var last = nodes[^1];
        var loss = last.Sum();
        var vars = Graph.Variables(loss).ToArray();
        Expr[] roots = [last, nodes[c.Next(0, nodes.Count - 1)], loss, last, .. Grad.Of(loss, vars)];
        return (roots, env);
    }
}
