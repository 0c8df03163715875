namespace Dual.Track;

/// <summary>What Adam carries from one step to the next (project 6).</summary>
/// <param name="Parameters">The parameters p.</param>
/// <param name="M">The first moment m, a running average of the gradient (zeros before the first step).</param>
/// <param name="V">The second moment v, a running average of the squared gradient (zeros before the first step).</param>
/// <param name="Step">How many updates have been made (0 before the first); this update is number t = Step + 1.</param>
public sealed record AdamState(double[] Parameters, double[] M, double[] V, int Step);
