namespace Dual.Track.Tests.WrongSolutions.Activations;

/// <summary>Wrong: 1 - z², project 4's 1 - h² carried over although here the argument is z, not h = tanh(z).</summary>
public sealed class TanhDerivativeOfZ : Learner
{
    public override double TanhDerivative(double z) => 1 - z * z;
}
