using MathNet.Numerics.Random;

namespace Dual;

/// <summary>
/// A check case made concrete: the function (differentiable inputs are variables <c>a, b, c…</c>;
/// masks and indices are constants) and the point where its derivatives are checked.
/// </summary>
public sealed class CaseInstance
{
    internal CaseInstance(OpCase op, InputSpec[] inputs, Func<Expr[], Expr> build, int valueSeed)
    {
        Case = op;
        Inputs = inputs;
        var rng = new MersenneTwister(valueSeed);
        var distinct = DistinctPool(inputs, rng);
        var exprs = new Expr[inputs.Length];
        var point = Env.Empty;
        for (var i = 0; i < inputs.Length; i++)
        {
            var spec = inputs[i];
            var value = Tensor.FromArray(spec.Shape, Enumerable.Range(0, spec.Shape.Size).Select(_ => Draw(spec, rng, distinct)).ToArray());
            if (spec.IsDifferentiable)
            {
                var name = ((char)('a' + i)).ToString();
                exprs[i] = Expr.Variable(name, spec.Shape);
                point = point.With(name, value);
            }
            else
            {
                exprs[i] = Expr.Constant(value);
            }
        }
        Function = build(exprs);
        Point = point;
    }

    /// <summary>The table row this came from.</summary>
    public OpCase Case { get; }

    /// <summary>The inputs' shapes and domains.</summary>
    public IReadOnlyList<InputSpec> Inputs { get; }

    /// <summary>The function to check.</summary>
    public Expr Function { get; }

    /// <summary>The values of its variables.</summary>
    public Env Point { get; }

    /// <summary>The input shapes, e.g. <c>[2, 3] [3]</c>.</summary>
    public string ShapesText => string.Join(" ", Inputs.Select(i => i.Shape.ToString()));

    /// <summary>Runs <see cref="GradCheck.Run(Expr, Env, GradCheckOptions?)"/> on this case with the row's options.</summary>
    public GradCheckReport Check() => GradCheck.Run(Function, Point, Case.Options);

    /// <inheritdoc/>
    public override string ToString() => $"{Case.Name} {ShapesText}";

    private static double Draw(InputSpec spec, MersenneTwister rng, Queue<double> distinct) => spec.Domain switch
    {
        Domain.Any => 4 * rng.NextDouble() - 2,
        Domain.Positive => 0.2 + 1.8 * rng.NextDouble(),
        Domain.AwayFromZero => (2 * rng.Next(2) - 1) * (0.2 + 1.8 * rng.NextDouble()), // a random sign, then the size
        Domain.Distinct => distinct.Dequeue(),
        Domain.Mask => rng.Next(2),
        Domain.Index => rng.Next(spec.IndexBound),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Domain, "Unknown domain."),
    };

    // Grid points 0.1 apart, shuffled, with jitter below 0.025: any two differ by at least 0.05.
    private static Queue<double> DistinctPool(InputSpec[] inputs, MersenneTwister rng)
    {
        var n = inputs.Where(i => i.Domain == Domain.Distinct).Sum(i => i.Shape.Size);
        var grid = Enumerable.Range(0, n).Select(k => (k - n / 2) * 0.1 + 0.05 * rng.NextDouble() - 0.025).ToArray();
        for (var k = n - 1; k > 0; k--)
        {
            var j = rng.Next(k + 1);
            (grid[k], grid[j]) = (grid[j], grid[k]);
        }
        return new Queue<double>(grid);
    }
}
