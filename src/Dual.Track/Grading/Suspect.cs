namespace Dual.Track.Grading;

/// <summary>
/// A mistake learners make, as the formula their code would then compute, where in the chain rule it is, and a hint.
/// A failing answer is blamed on a suspect only if the suspect's formula also matches the learner's code at a few fixed
/// generic probe points: shrunk cases have simple values (0, 1) where different mistakes can give the same number.
/// </summary>
internal sealed record Suspect(Func<double[], double> Formula, string Where, string Hint)
{
    /// <summary>The first suspect that explains the learner's answers at <paramref name="failing"/> and at every probe, or null.</summary>
    public static Suspect? Explain(IEnumerable<Suspect> suspects, double[] failing, Func<double[], double> learner, IReadOnlyList<double[]> probes)
    {
        var points = new List<double[]> { failing };
        points.AddRange(probes);
        var answers = new List<double>();
        foreach (var point in points)
        {
            try
            {
                answers.Add(learner(point));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return null;
            }
        }

        return suspects.FirstOrDefault(s => points.Select((p, i) => Numbers.Close(s.Formula(p), answers[i])).All(ok => ok));
    }
}
