namespace Dual.Track.Tests.WrongSolutions.Activations;

/// <summary>Wrong (for this track): the exact GELU's derivative Φ(z) + z·φ(z), where the tanh approximation is asked for.</summary>
public sealed class ExactGelu : Learner
{
    public override double GeluDerivative(double z) =>
        0.5 * (1 + MathNet.Numerics.SpecialFunctions.Erf(z / Math.Sqrt(2))) + z * Math.Exp(-z * z / 2) / Math.Sqrt(2 * Math.PI);
}
