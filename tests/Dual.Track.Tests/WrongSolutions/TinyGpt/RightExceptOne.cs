namespace Dual.Track.Tests.WrongSolutions.TinyGpt;

/// <summary>The reference pieces, so that each wrong solution's file shows only the one piece it gets wrong.</summary>
public abstract class RightExceptOne : ITinyGpt
{
    private readonly global::Track.TinyGpt _right = new();

    public virtual double[,] RmsNormBackward(double[,] x, double[,] dy, double eps) => _right.RmsNormBackward(x, dy, eps);

    public virtual MultiHeadGradients AttentionBackward(double[,] x, double[,] wq, double[,] wk, double[,] wv, double[,] wo, int heads, double[,] dy) =>
        _right.AttentionBackward(x, wq, wk, wv, wo, heads, dy);

    public virtual MlpGradients MlpBackward(double[,] x, double[,] w1, double[,] w2, double[,] dy) => _right.MlpBackward(x, w1, w2, dy);

    public virtual double[,] CrossEntropyBackward(double[,] logits, int[] targets) => _right.CrossEntropyBackward(logits, targets);
}
