namespace Dual.Track.Projects;

/// <summary>One generated case of the per-layer gradient norms: a network (as in project 4) and its activation.</summary>
internal sealed record NormsCase(NetworkCase Net, Activation Activation)
{
    /// <summary>The network's simpler versions (fewer rows, fewer units, simpler values), same activation.</summary>
    public IEnumerable<NormsCase> Shrink() => Net.Shrink().Select(n => this with { Net = n });

    public override string ToString() => $"activation={Activation.ToString().ToLowerInvariant()}, {Net}";
}
