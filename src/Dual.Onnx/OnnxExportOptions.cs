namespace Dual.Onnx;

/// <summary>How <see cref="OnnxExport"/> writes a graph.</summary>
public sealed record OnnxExportOptions
{
    /// <summary>The type of every floating-point value (default <see cref="OnnxElementType.Float64"/>).</summary>
    public OnnxElementType ElementType { get; init; } = OnnxElementType.Float64;

    /// <summary>
    /// Values of variables stored in the model as initializers (a model's weights); every other variable becomes a graph
    /// input. Each tensor's shape must be that of its variable.
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> Initializers { get; init; } = new Dictionary<string, Tensor>();

    /// <summary>
    /// Variables that hold integer indices (token ids): graph inputs of type <c>INT64</c>, converted to the element type
    /// inside the graph, where Dual keeps indices as floating-point values.
    /// </summary>
    public IReadOnlyCollection<string> IndexInputs { get; init; } = [];

    /// <summary>The graph's name.</summary>
    public string GraphName { get; init; } = "dual";
}
