using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Dual.Onnx.Tests;

/// <summary>Runs an exported model in ONNX Runtime: Dual tensors in, every graph output out as float64 values.</summary>
internal sealed class OnnxRunner : IDisposable
{
    private readonly InferenceSession _session;

    public OnnxRunner(byte[] model)
    {
        using var options = new SessionOptions();
        _session = new InferenceSession(model, options);
    }

    public IReadOnlyList<string> InputNames => [.. _session.InputMetadata.Keys];

    /// <summary>Runs the model; <paramref name="inputs"/> are converted to each input's declared type (double, float or int64).</summary>
    public Dictionary<string, double[]> Run(IReadOnlyDictionary<string, Tensor> inputs)
    {
        var names = _session.InputMetadata.Keys.ToArray();
        var values = new List<OrtValue>();
        try
        {
            foreach (var name in names)
            {
                var tensor = inputs[name];
                var shape = tensor.Shape.ToArray().Select(d => (long)d).ToArray();
                var type = _session.InputMetadata[name].ElementDataType;
                values.Add(type switch
                {
                    TensorElementType.Double => OrtValue.CreateTensorValueFromMemory(tensor.ToArray(), shape),
                    TensorElementType.Float => OrtValue.CreateTensorValueFromMemory(tensor.ToArray().Select(v => (float)v).ToArray(), shape),
                    TensorElementType.Int64 => OrtValue.CreateTensorValueFromMemory(tensor.ToArray().Select(v => checked((long)v)).ToArray(), shape),
                    _ => throw new NotSupportedException($"input {name}: {type}"),
                });
            }
            var outputNames = _session.OutputMetadata.Keys.ToArray();
            using var runOptions = new RunOptions();
            using var results = _session.Run(runOptions, names, values, outputNames);
            var outputs = new Dictionary<string, double[]>(StringComparer.Ordinal);
            for (var i = 0; i < outputNames.Length; i++)
            {
                var result = results[i];
                outputs[outputNames[i]] = result.GetTensorTypeAndShape().ElementDataType == TensorElementType.Double
                    ? result.GetTensorDataAsSpan<double>().ToArray()
                    : [.. result.GetTensorDataAsSpan<float>().ToArray().Select(v => (double)v)];
            }
            return outputs;
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }

    public void Dispose() => _session.Dispose();
}
