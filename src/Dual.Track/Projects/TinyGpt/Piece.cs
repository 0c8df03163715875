namespace Dual.Track.Projects;

/// <summary>Which of microgpt's pieces a generated case is for (it shrinks and prints only that piece's inputs).</summary>
internal enum Piece
{
    Norm,
    Attention,
    Mlp,
    CrossEntropy,
}
