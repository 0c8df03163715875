using Dual.Track.Grading;

namespace Dual.Track.Projects;

/// <summary>
/// Runs a learner's VJP (and JVP) at fixed, generic probe points to say what is wrong with it: not linear in dy, one of
/// the known mistakes of its op, or a JVP that disagrees with it. A rule that throws at a probe diagnoses nothing.
/// </summary>
internal static class RuleProbes
{
    /// <summary>Operand values at which a rule is probed: generic, so different mistakes give different numbers.</summary>
    private static readonly double[][] UnaryProbes = [[0.7], [-1.3], [1.9]], BinaryProbes = [[0.7, -1.3], [-1.1, 0.4], [1.6, 0.9]];

    private static readonly double[] ProbeCotangents = [1.3, -0.6, 0.85];

    /// <summary>A diagnosis that throws (the learner's rule throws at a probe) diagnoses nothing.</summary>
    public static string? SafeHint(Func<string?> diagnose)
    {
        try
        {
            return diagnose();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }

    public static double[][] Probes(PrimitiveSpec spec) => spec.Arity == 1 ? UnaryProbes : BinaryProbes;

    public static double[] CotangentsAt(OpDef op, double[] x, double dy) =>
        [.. LearnerOp.Cotangents(op, [.. x.Select(v => new[] { v })], [dy]).Select(c => c[0])];

    /// <summary>
    /// A VJP is linear in dy: twice the cotangent gives twice the operands' cotangents. One that ignores dy passes a check
    /// where dy = 1 (a lone op at the top of a graph) and breaks as soon as anything comes after it.
    /// </summary>
    public static string? Linearity(OpDef op, PrimitiveSpec spec)
    {
        foreach (var x in Probes(spec))
        {
            var once = CotangentsAt(op, x, 1.3);
            var twice = CotangentsAt(op, x, 2.6);
            if (once.Zip(twice).All(t => Numbers.Close(2 * t.First, t.Second)))
            {
                continue;
            }

            return once.Zip(twice).All(t => Numbers.Close(t.First, t.Second))
                ? $"your VJP does not use dy: it must return dy times the local derivative ({spec.VjpFormula}), not the local derivative alone; dy = 1 only when the op is the last one in the graph"
                : $"your VJP is not linear in dy: each cotangent must be dy times something that does not depend on dy ({spec.VjpFormula})";
        }

        return null;
    }

    /// <summary>
    /// An operand whose cotangent is zero at every probe point: a VJP that returns null for it ("no derivative") or
    /// forgets it. None of the track's primitives has a derivative that vanishes at all the probes.
    /// </summary>
    public static string? Dropped(OpDef op, PrimitiveSpec spec)
    {
        var got = Probes(spec).Select(x => CotangentsAt(op, x, 1.3)).ToArray();
        for (var k = 0; k < spec.Arity; k++)
        {
            if (got.All(c => c[k] == 0))
            {
                return $"your VJP gives operand {(char)('a' + k)} no cotangent (null, or zero) at every point: null means \"no derivative\", so its gradient is always 0; return dy times the local derivative ({spec.VjpFormula})";
            }
        }

        return null;
    }

    public static string? Suspected(OpDef op, PrimitiveSpec spec)
    {
        var probes = Probes(spec);
        var got = probes.Select((x, i) => CotangentsAt(op, x, ProbeCotangents[i])).ToArray();
        return spec.Suspects.FirstOrDefault(s => probes.Select((x, i) => Same(s.Cotangents(x, ProbeCotangents[i]), got[i])).All(ok => ok))?.Hint;
    }

    /// <summary>Whether the learner's VJP gives a wrong cotangent at some probe point (or throws there).</summary>
    public static bool WrongAtProbes(OpDef op, PrimitiveSpec spec)
    {
        try
        {
            return !Probes(spec).Select((x, i) => Same(spec.Cotangents(x, ProbeCotangents[i]), CotangentsAt(op, x, ProbeCotangents[i]))).All(ok => ok);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return true;
        }
    }

    /// <summary>For an elementwise op, the JVP of a unit tangent in operand k is the VJP's cotangent k for dy = 1.</summary>
    public static string? JvpVersusVjp(OpDef op, PrimitiveSpec spec)
    {
        var x = Probes(spec)[0];
        var vjp = CotangentsAt(op, x, 1);
        for (var k = 0; k < spec.Arity; k++)
        {
            var tangents = x.Select((_, j) => new[] { j == k ? 1.0 : 0.0 }).ToArray();
            var jvp = LearnerOp.Tangent(op, [.. x.Select(v => new[] { v })], tangents)[0];
            if (!Numbers.Close(vjp[k], jvp))
            {
                return $"your JVP rule disagrees with your VJP rule at {string.Join(", ", x.Select((v, j) => $"{(char)('a' + j)}={Numbers.Text(v)}"))}: a unit tangent in operand {(char)('a' + k)} gives {Numbers.Text(jvp)}, a unit cotangent {Numbers.Text(vjp[k])}; "
                    + "for an elementwise op both multiply by the same local derivative (fix the JVP, or delete it and let Dual derive it from the VJP)";
            }
        }

        return null;
    }

    public static bool Same(double[] expected, double[] got) =>
        expected.Length == got.Length && expected.Zip(got).All(t => Numbers.Close(t.First, t.Second));
}
