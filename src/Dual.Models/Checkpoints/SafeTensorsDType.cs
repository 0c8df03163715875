namespace Dual.Models;

/// <summary>The element type tensors are written with (safetensors' <c>dtype</c> names).</summary>
public enum SafeTensorsDType
{
    /// <summary>float64: Dual's own precision, exact.</summary>
    F64,

    /// <summary>float32: each value rounded to nearest; what most other frameworks load by default.</summary>
    F32,
}
