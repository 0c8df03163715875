namespace Dual.Track;

/// <summary>What momentum carries from one step to the next (project 6): the parameters and the velocity.</summary>
/// <param name="Parameters">The parameters p.</param>
/// <param name="Velocity">The velocity v, one per parameter (zeros before the first step).</param>
public sealed record MomentumState(double[] Parameters, double[] Velocity);
