namespace Dual.Models;

/// <summary>A small classification data set: inputs <c>[count, features]</c> and one label per row <c>[count]</c>.</summary>
public sealed class LabeledData
{
    /// <summary>Wraps inputs <c>[count, features]</c> and labels <c>[count]</c> of a problem with <paramref name="classes"/> classes.</summary>
    public LabeledData(Tensor inputs, Tensor labels, int classes)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        if (inputs.Rank != 2 || inputs.Shape[0] == 0)
            throw new ArgumentException($"Inputs must be a non-empty [count, features] matrix; got {inputs.Shape}.", nameof(inputs));
        if (labels.Shape != Shape.Of(inputs.Shape[0]))
            throw new ArgumentException($"Labels must be [{inputs.Shape[0]}], one per input row; got {labels.Shape}.", nameof(labels));
        (Inputs, Labels, Classes) = (inputs, labels, classes);
    }

    /// <summary>The points, one per row.</summary>
    public Tensor Inputs { get; }

    /// <summary>The label of each row (see the data set's documentation for the encoding).</summary>
    public Tensor Labels { get; }

    /// <summary>The number of classes.</summary>
    public int Classes { get; }

    /// <summary>The number of points.</summary>
    public int Count => Inputs.Shape[0];

    /// <summary>The number of input features per point.</summary>
    public int Features => Inputs.Shape[1];
}
