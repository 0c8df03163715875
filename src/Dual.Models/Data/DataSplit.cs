namespace Dual.Models;

/// <summary>Which part of a data set: the part trained on, or the part held out to measure generalisation.</summary>
public enum DataSplit
{
    /// <summary>The training part.</summary>
    Train,

    /// <summary>The held-out validation part.</summary>
    Validation,
}
