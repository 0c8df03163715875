namespace Dual.Track.Tests.WrongSolutions.Activations;

/// <summary>Wrong: s(1 - s) written with z in place of s = sigmoid(z).</summary>
public sealed class SigmoidDerivativeOfZ : Learner
{
    public override double SigmoidDerivative(double z) => z * (1 - z);
}
