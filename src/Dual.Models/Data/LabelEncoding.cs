namespace Dual.Models;

/// <summary>How a two-class data set writes its labels.</summary>
public enum LabelEncoding
{
    /// <summary>Class 0 is −1 and class 1 is +1 (for margin losses such as the hinge loss and a tanh or linear score's sign).</summary>
    PlusMinusOne,

    /// <summary>Class indices 0 and 1 (for cross-entropy and a sigmoid's probability).</summary>
    ZeroOne,
}
