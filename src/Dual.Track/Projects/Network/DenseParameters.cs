namespace Dual.Track;

/// <summary>One dense layer's parameters in a network (project 4): W [in, out] and b [out].</summary>
/// <param name="W">The weights, [in, out].</param>
/// <param name="B">The bias, [out].</param>
public sealed record DenseParameters(double[,] W, double[] B);
