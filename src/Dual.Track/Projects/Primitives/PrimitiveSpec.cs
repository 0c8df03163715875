namespace Dual.Track.Projects;

/// <summary>
/// One primitive the learner defines in project 7: how to get it, its math (value and partial derivatives at a point,
/// computed in float64 by the grader), where its operands are drawn, and the VJP mistakes learners make with it.
/// </summary>
internal sealed record PrimitiveSpec(
    string Name,
    int Arity,
    Func<IPrimitives, OpDef> Define,
    Func<double[], double> Value,
    Func<double[], double[]> Partials,
    Domain Domain,
    string ForwardFormula,
    string VjpFormula,
    IReadOnlyList<RuleSuspect> Suspects)
{
    /// <summary>The right cotangents at <paramref name="x"/> for the output cotangent <paramref name="dy"/>.</summary>
    public double[] Cotangents(double[] x, double dy) => [.. Partials(x).Select(p => dy * p)];
}

/// <summary>A VJP mistake: the cotangents it gives at a point for a cotangent dy, and the hint that names it.</summary>
internal sealed record RuleSuspect(Func<double[], double, double[]> Cotangents, string Hint);
