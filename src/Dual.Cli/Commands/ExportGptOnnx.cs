using System.Globalization;
using Dual.Models;
using Dual.Onnx;

namespace Dual.Cli.Commands;

/// <summary>
/// A GPT checkpoint as an ONNX model: input <c>tokens</c> (INT64 <c>[BlockSize]</c>), output <c>logits</c>
/// (<c>[BlockSize, VocabSize]</c>), weights as initializers. Attention is causal, so the logits of position t depend on
/// tokens 0…t only: a shorter context is padded at its end with any valid token and read at its last position.
/// The tokenizer and config travel in the model's metadata (<c>dual.*</c>).
/// </summary>
internal static class ExportGptOnnx
{
    /// <summary>The token input's name.</summary>
    public const string TokensInput = GptSampler.TokensInput;

    /// <summary>The output's name.</summary>
    public const string LogitsOutput = "logits";

    /// <summary>The model of <paramref name="checkpoint"/> in <paramref name="elementType"/>.</summary>
    public static global::Onnx.ModelProto Model(GptCheckpoint checkpoint, OnnxElementType elementType)
    {
        var config = checkpoint.Config;
        var logits = Layers.Gpt(Expr.Variable(TokensInput, [config.BlockSize]), config).Build().Value;
        var model = OnnxExport.ToModel([new KeyValuePair<string, Expr>(LogitsOutput, logits)], new OnnxExportOptions
        {
            ElementType = elementType,
            Initializers = checkpoint.Params,
            IndexInputs = [TokensInput],
            GraphName = $"dual-gpt-{checkpoint.Task}",
        });
        model.DocString = $"Dual GPT ({checkpoint.Task}, step {checkpoint.Step.ToString(CultureInfo.InvariantCulture)}): tokens [BlockSize] -> logits [BlockSize, VocabSize]; causal, so pad a shorter context at its end and read its last position.";
        var tokenizer = checkpoint.Tokenizer;
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["dual.task"] = checkpoint.Task,
            ["dual.block_size"] = config.BlockSize.ToString(CultureInfo.InvariantCulture),
            ["dual.vocab_size"] = config.VocabSize.ToString(CultureInfo.InvariantCulture),
            ["dual.tokenizer.alphabet"] = string.Concat(tokenizer.Alphabet),
            ["dual.tokenizer.bos"] = tokenizer.HasBos ? tokenizer.Bos.ToString(CultureInfo.InvariantCulture) : "",
        })
        {
            model.MetadataProps.Add(new global::Onnx.StringStringEntryProto { Key = key, Value = value });
        }
        return model;
    }
}
