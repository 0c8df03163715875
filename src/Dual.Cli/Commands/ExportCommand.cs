using System.CommandLine;
using Dual.Models;
using Dual.Onnx;
using Google.Protobuf;

namespace Dual.Cli.Commands;

/// <summary>
/// <c>dual export onnx --checkpoint FILE --out model.onnx [--dtype f64|f32]</c> and
/// <c>dual export safetensors --checkpoint FILE --out FILE [--dtype f32|f64] [--names dual|hf]</c>: a GPT trained by
/// <c>dual train</c> in the ecosystem's interchange formats (docs/export.md). A missing or corrupt checkpoint, or an
/// output that cannot be written, is exit 1 with the reason; bad option values are usage errors (2).
/// </summary>
internal static class ExportCommand
{
    /// <summary>Builds <c>export</c> with its two subcommands.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("export", "Export a trained GPT checkpoint to ONNX or to PyTorch-style safetensors.");
        command.Subcommands.Add(Onnx(stdout, stderr));
        command.Subcommands.Add(SafeTensorsCommand(stdout, stderr));
        return command;
    }

    private static Option<string> Checkpoint() =>
        new("--checkpoint") { Description = "The .safetensors file written by `dual train names|shakespeare --out`.", Required = true };

    private static Option<string> Out(string what) => new("--out") { Description = what, Required = true };

    private static Command Onnx(TextWriter stdout, TextWriter stderr)
    {
        var checkpoint = Checkpoint();
        var output = Out("The ONNX file to write (input tokens: INT64 [BlockSize]; output logits: [BlockSize, VocabSize]).");
        var dtype = new Option<string>("--dtype") { Description = "Element type of weights and values: f64 (Dual's, default) or f32.", DefaultValueFactory = _ => "f64" };
        dtype.AcceptOnlyFromAmong("f64", "f32");
        var command = new Command("onnx", "Export a GPT checkpoint as an ONNX model (logits of every position).") { checkpoint, output, dtype };
        command.SetAction(r => RunOnnx(stdout, stderr, r.GetValue(checkpoint)!, r.GetValue(output)!, r.GetValue(dtype) == "f32" ? OnnxElementType.Float32 : OnnxElementType.Float64));
        return command;
    }

    private static Command SafeTensorsCommand(TextWriter stdout, TextWriter stderr)
    {
        var checkpoint = Checkpoint();
        var output = Out("The .safetensors file to write: weights only, matrices [out, in].");
        var dtype = new Option<string>("--dtype") { Description = "Element type: f32 (default) or f64.", DefaultValueFactory = _ => "f32" };
        dtype.AcceptOnlyFromAmong("f32", "f64");
        var names = new Option<string>("--names") { Description = "Tensor names: dual (Dual's parameter paths, default) or hf (GPT-2's, as Hugging Face and nanoGPT).", DefaultValueFactory = _ => "dual" };
        names.AcceptOnlyFromAmong("dual", "hf");
        var command = new Command("safetensors", "Export a GPT checkpoint's weights as PyTorch-style safetensors.") { checkpoint, output, dtype, names };
        command.SetAction(r => RunSafeTensors(stdout, stderr, r.GetValue(checkpoint)!, r.GetValue(output)!,
            r.GetValue(dtype) == "f64" ? SafeTensorsDType.F64 : SafeTensorsDType.F32,
            r.GetValue(names) == "hf" ? GptTensorNames.HuggingFace : GptTensorNames.Dual));
        return command;
    }

    /// <summary>Writes the ONNX model; returns 0, or 1 with the reason on stderr.</summary>
    public static int RunOnnx(TextWriter stdout, TextWriter stderr, string checkpointPath, string outPath, OnnxElementType elementType) =>
        Guarded(stderr, "onnx", checkpointPath, outPath, () =>
        {
            var model = GptCheckpoint.Load(checkpointPath);
            var onnx = ExportGptOnnx.Model(model, elementType);
            File.WriteAllBytes(outPath, onnx.ToByteArray());
            stdout.WriteLine($"wrote {outPath}: ONNX opset {OnnxExport.OpsetVersion}, {(elementType == OnnxElementType.Float32 ? "float32" : "float64")}, " +
                $"tokens int64 [{model.Config.BlockSize}] -> logits [{model.Config.BlockSize}, {model.Config.VocabSize}], {onnx.Graph.Node.Count} nodes, {model.Params.TotalSize} weights");
        });

    /// <summary>Writes the weights; returns 0, or 1 with the reason on stderr.</summary>
    public static int RunSafeTensors(TextWriter stdout, TextWriter stderr, string checkpointPath, string outPath, SafeTensorsDType dtype, GptTensorNames names) =>
        Guarded(stderr, "safetensors", checkpointPath, outPath, () =>
        {
            var model = GptCheckpoint.Load(checkpointPath);
            GptWeights.Export(outPath, model.Config, model.Params, names, dtype);
            stdout.WriteLine($"wrote {outPath}: {model.Params.Count} tensors, {model.Params.TotalSize} weights, {dtype}, {names} names, matrices [out, in]");
        });

    private static int Guarded(TextWriter stderr, string format, string checkpointPath, string outPath, Action export)
    {
        try
        {
            export();
            return 0;
        }
        catch (CheckpointException e)
        {
            stderr.WriteLine($"dual export {format}: {e.Message}");
        }
        catch (OnnxExportException e)
        {
            stderr.WriteLine($"dual export {format}: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"dual export {format}: cannot read '{checkpointPath}' or write '{outPath}': {e.Message}");
        }
        return 1;
    }
}
