namespace Dual.Models;

/// <summary>The L2 norm of the gradients under one path: a parameter (<c>l0.w</c>) or a layer (<c>l0</c>).</summary>
/// <param name="Path">The parameter path or layer prefix ("" for parameters at the root).</param>
/// <param name="Norm">The L2 norm of all gradient elements under it.</param>
public sealed record PathNorm(string Path, double Norm);
