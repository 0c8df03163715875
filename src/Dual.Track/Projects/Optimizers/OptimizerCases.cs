using Dual.Track.Grading;

namespace Dual.Track.Projects;

/// <summary>One momentum update's inputs.</summary>
internal sealed record MomentumCase(double[] P, double[] V, double[] G, double Lr, double Beta)
{
    public IEnumerable<MomentumCase> Shrink()
    {
        if (P.Length > 1)
        {
            yield return this with { P = P[..^1], V = V[..^1], G = G[..^1] };
        }

        foreach (var simpler in Shrinks.EachOneSimpler(
            (P, v => this with { P = v }),
            (V, v => this with { V = v }),
            (G, v => this with { G = v })))
        {
            yield return simpler;
        }
    }

    public override string ToString() =>
        $"parameters={Numbers.Text(P)}, velocity={Numbers.Text(V)}, gradient={Numbers.Text(G)}, lr={Numbers.Text(Lr)}, beta={Numbers.Text(Beta)}";
}

/// <summary>One Adam update's inputs.</summary>
internal sealed record AdamCase(double[] P, double[] M, double[] V, int Step, double[] G, double Lr, double Beta1, double Beta2, double Epsilon)
{
    public IEnumerable<AdamCase> Shrink()
    {
        if (P.Length > 1)
        {
            yield return this with { P = P[..^1], M = M[..^1], V = V[..^1], G = G[..^1] };
        }

        if (Step > 0)
        {
            yield return this with { Step = 0 };
            yield return this with { Step = Step / 2 };
        }

        foreach (var simpler in Shrinks.EachOneSimpler(
            (P, v => this with { P = v }),
            (M, v => this with { M = v })))
        {
            yield return simpler;
        }

        // Simpler values of a non-negative v stay non-negative (they move towards 0).
        foreach (var simpler in Shrinks.EachOneSimpler(
            (V, v => this with { V = v }),
            (G, v => this with { G = v })))
        {
            yield return simpler;
        }
    }

    public override string ToString() =>
        $"parameters={Numbers.Text(P)}, m={Numbers.Text(M)}, v={Numbers.Text(V)}, step={Step}, gradient={Numbers.Text(G)}, "
        + $"lr={Numbers.Text(Lr)}, beta1={Numbers.Text(Beta1)}, beta2={Numbers.Text(Beta2)}, epsilon={Numbers.Text(Epsilon)}";
}

/// <summary>A constant gradient applied for a number of steps from a zero state (and Adam's first step: Steps = 1).</summary>
internal sealed record ConstantCase(double[] P, double[] G, int Steps, double Lr, double Beta1, double Beta2)
{
    public IEnumerable<ConstantCase> Shrink()
    {
        if (P.Length > 1)
        {
            yield return this with { P = P[..^1], G = G[..^1] };
        }

        for (var steps = 1; steps < Steps; steps = steps * 2 + 1)
        {
            yield return this with { Steps = steps };
        }

        if (Steps > 1)
        {
            yield return this with { Steps = Steps - 1 };
        }

        foreach (var p in Shrinks.OneSimpler(P))
        {
            yield return this with { P = p };
        }

        // The gradient stays away from 0: Adam's step is lr·g/(|g| + ε), ≈ lr only where |g| ≫ ε.
        foreach (var g in Shrinks.OneSimpler(G).Where(g => g.All(x => Math.Abs(x) >= 0.01)))
        {
            yield return this with { G = g };
        }
    }

    public string Describe(bool adam) =>
        $"start={Numbers.Text(P)}, constant gradient={Numbers.Text(G)}, steps={Steps}, lr={Numbers.Text(Lr)}, "
        + (adam ? $"beta1={Numbers.Text(Beta1)}, beta2={Numbers.Text(Beta2)}, epsilon=1E-08" : $"beta={Numbers.Text(Beta1)}")
        + (adam ? ", m = v = 0, step = 0" : ", velocity = 0");
}
