namespace Dual.Track.Tests.WrongSolutions.Activations;

/// <summary>Wrong: the product rule done, but the chain rule inside tanh forgotten (no factor u′).</summary>
public sealed class GeluWithoutInnerDerivative : Learner
{
    public override double GeluDerivative(double z)
    {
        var t = Math.Tanh(0.7978845608028654 * (z + 0.044715 * z * z * z));
        return 0.5 * (1 + t) + 0.5 * z * (1 - t * t);
    }
}
