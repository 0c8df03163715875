using System.Globalization;
using MathNet.Numerics.Random;

namespace Dual.Models;

/// <summary>
/// The inputs of one block check as it is instantiated: differentiable inputs become variables bound to seeded
/// random values, indices and labels become constants. Records a short description of each for reports.
/// </summary>
internal sealed class BlockInputs(int seed)
{
    private readonly MersenneTwister _rng = new(seed, threadSafe: false);
    private readonly List<string> _descriptions = [];

    /// <summary>The bindings of the variables made so far.</summary>
    public Env Point { get; private set; } = Env.Empty;

    /// <summary>The inputs, e.g. <c>x[2, 4, 6] tokens[2, 5]&lt;7</c>.</summary>
    public string Text => string.Join(" ", _descriptions);

    /// <summary>A variable with values uniform in [−2, 2].</summary>
    public Expr Variable(string name, Shape shape) => Variable(name, shape, r => 4 * r.NextDouble() - 2);

    /// <summary>A variable with values drawn by <paramref name="draw"/>.</summary>
    public Expr Variable(string name, Shape shape, Func<System.Random, double> draw)
    {
        Point = Point.With(name, Tensor.Generate(shape, _ => draw(_rng)));
        _descriptions.Add($"{name}{shape}");
        return Expr.Variable(name, shape);
    }

    /// <summary>A constant of integers in [0, <paramref name="bound"/>): token ids, class targets.</summary>
    public Expr Indices(string name, Shape shape, int bound)
    {
        _descriptions.Add(string.Create(CultureInfo.InvariantCulture, $"{name}{shape}<{bound}"));
        return Expr.Constant(Tensor.Generate(shape, _ => _rng.Next(bound)));
    }

    /// <summary>A constant drawn by <paramref name="draw"/> (labels, masks): not differentiated.</summary>
    public Expr Constant(string name, Shape shape, Func<System.Random, double> draw)
    {
        _descriptions.Add($"{name}{shape}");
        return Expr.Constant(Tensor.Generate(shape, _ => draw(_rng)));
    }
}
