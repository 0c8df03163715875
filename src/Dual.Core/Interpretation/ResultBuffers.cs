namespace Dual;

/// <summary>
/// The result arrays of a caller's previous evaluations, one set per plan, handed back so the next evaluation of
/// the same plan writes its results into them instead of allocating. Only the owner of the earlier results may
/// hold one: by passing it, the owner says it no longer reads any tensor those evaluations returned (a training
/// loop's gradients, once the update has used them). Not thread-safe: one owner, one thread.
/// </summary>
internal sealed class ResultBuffers
{
    private readonly Dictionary<Plan, double[][]> _byPlan = new(ReferenceEqualityComparer.Instance);

    /// <summary>The arrays the plan's fresh steps wrote last time (aligned with <see cref="Plan.FreshSteps"/>), or null.</summary>
    public double[][]? Take(Plan plan) => _byPlan.Remove(plan, out var buffers) ? buffers : null;

    /// <summary>Remembers the arrays this evaluation of <paramref name="plan"/> returned, for its next evaluation.</summary>
    public void Keep(Plan plan, double[][] buffers) => _byPlan[plan] = buffers;
}
