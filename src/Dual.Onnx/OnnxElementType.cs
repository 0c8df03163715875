namespace Dual.Onnx;

/// <summary>The floating-point type of an exported graph's values (inputs, weights, outputs).</summary>
public enum OnnxElementType
{
    /// <summary>ONNX <c>DOUBLE</c>: Dual's own precision; ONNX Runtime then reproduces Dual's values to rounding.</summary>
    Float64,

    /// <summary>ONNX <c>FLOAT</c>: weights rounded to float32, the type most runtimes and accelerators serve.</summary>
    Float32,
}
