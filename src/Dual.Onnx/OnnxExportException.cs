namespace Dual.Onnx;

/// <summary>A graph cannot be exported to ONNX: the message names the primitive or input that cannot be expressed.</summary>
public sealed class OnnxExportException : Exception
{
    /// <summary>An exception with no message.</summary>
    public OnnxExportException()
    {
    }

    /// <summary>An exception with <paramref name="message"/>.</summary>
    public OnnxExportException(string message) : base(message)
    {
    }

    /// <summary>An exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public OnnxExportException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
