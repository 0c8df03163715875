namespace Dual;

/// <summary>One input of a check case: its shape, its value domain and, for indices, the exclusive upper bound.</summary>
public sealed record InputSpec(Shape Shape, Domain Domain = Domain.Any, int IndexBound = 0)
{
    /// <summary>Whether gradients are checked for this input (masks and indices are constants).</summary>
    public bool IsDifferentiable => Domain is not (Domain.Mask or Domain.Index);
}
