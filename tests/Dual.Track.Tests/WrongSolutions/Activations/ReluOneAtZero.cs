namespace Dual.Track.Tests.WrongSolutions.Activations;

/// <summary>Wrong: relu'(0) = 1 (z >= 0), where the track and Dual take 0 at the kink.</summary>
public sealed class ReluOneAtZero : Learner
{
    public override double ReluDerivative(double z) => z >= 0 ? 1 : 0;
}
