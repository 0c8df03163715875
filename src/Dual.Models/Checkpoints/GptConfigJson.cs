using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Dual.Models;

/// <summary>A <see cref="GptConfig"/> as a JSON object (every property by name; enums as names), for checkpoint metadata.</summary>
internal static class GptConfigJson
{
    public static string Write(GptConfig config)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber(nameof(GptConfig.VocabSize), config.VocabSize);
            json.WriteNumber(nameof(GptConfig.Width), config.Width);
            json.WriteNumber(nameof(GptConfig.Heads), config.Heads);
            json.WriteNumber(nameof(GptConfig.Layers), config.Layers);
            json.WriteNumber(nameof(GptConfig.BlockSize), config.BlockSize);
            json.WriteNumber(nameof(GptConfig.MlpRatio), config.MlpRatio);
            json.WriteString(nameof(GptConfig.Norm), config.Norm.ToString());
            json.WriteBoolean(nameof(GptConfig.NormGain), config.NormGain);
            json.WriteNumber(nameof(GptConfig.NormEps), config.NormEps);
            json.WriteString(nameof(GptConfig.Activation), config.Activation.ToString());
            json.WriteBoolean(nameof(GptConfig.Bias), config.Bias);
            json.WriteBoolean(nameof(GptConfig.TieWeights), config.TieWeights);
            json.WriteBoolean(nameof(GptConfig.EmbeddingNorm), config.EmbeddingNorm);
            json.WriteBoolean(nameof(GptConfig.FinalNorm), config.FinalNorm);
            json.WriteNumber(nameof(GptConfig.InitStd), config.InitStd);
            json.WriteBoolean(nameof(GptConfig.ScaleResidualInit), config.ScaleResidualInit);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <exception cref="CheckpointException">The text is not a valid config (the message names the field).</exception>
    public static GptConfig Read(string text)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 4 });
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"the model config is not valid JSON: {e.Message}", e);
        }
        using (doc)
        {
            try
            {
                return Read(doc.RootElement);
            }
            catch (InvalidOperationException e)
            {
                throw new CheckpointException($"the model config has a string that is not valid text: {e.Message}", e);
            }
        }
    }

    private static GptConfig Read(JsonElement root)
    {
        {
            if (root.ValueKind != JsonValueKind.Object) throw new CheckpointException("the model config is not a JSON object.");
            var known = new HashSet<string>(StringComparer.Ordinal)
            {
                nameof(GptConfig.VocabSize), nameof(GptConfig.Width), nameof(GptConfig.Heads), nameof(GptConfig.Layers),
                nameof(GptConfig.BlockSize), nameof(GptConfig.MlpRatio), nameof(GptConfig.Norm), nameof(GptConfig.NormGain),
                nameof(GptConfig.NormEps), nameof(GptConfig.Activation), nameof(GptConfig.Bias), nameof(GptConfig.TieWeights),
                nameof(GptConfig.EmbeddingNorm), nameof(GptConfig.FinalNorm), nameof(GptConfig.InitStd), nameof(GptConfig.ScaleResidualInit),
            };
            foreach (var property in root.EnumerateObject())
            {
                if (!known.Contains(property.Name)) throw new CheckpointException($"the model config has an unknown field '{CheckpointException.Shorten(property.Name)}'.");
            }
            try
            {
                var config = new GptConfig(Int(root, nameof(GptConfig.VocabSize)), Int(root, nameof(GptConfig.Width)),
                    Int(root, nameof(GptConfig.Heads)), Int(root, nameof(GptConfig.Layers)), Int(root, nameof(GptConfig.BlockSize)));
                return config with
                {
                    MlpRatio = Int(root, nameof(GptConfig.MlpRatio)),
                    Norm = Enum<GptNorm>(root, nameof(GptConfig.Norm)),
                    NormGain = Bool(root, nameof(GptConfig.NormGain)),
                    NormEps = Double(root, nameof(GptConfig.NormEps)),
                    Activation = Enum<GptActivation>(root, nameof(GptConfig.Activation)),
                    Bias = Bool(root, nameof(GptConfig.Bias)),
                    TieWeights = Bool(root, nameof(GptConfig.TieWeights)),
                    EmbeddingNorm = Bool(root, nameof(GptConfig.EmbeddingNorm)),
                    FinalNorm = Bool(root, nameof(GptConfig.FinalNorm)),
                    InitStd = Double(root, nameof(GptConfig.InitStd)),
                    ScaleResidualInit = Bool(root, nameof(GptConfig.ScaleResidualInit)),
                };
            }
            catch (ArgumentException e)
            {
                throw new CheckpointException($"the model config is invalid: {e.Message}", e);
            }
        }
    }

    private static JsonElement Field(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value : throw new CheckpointException($"the model config has no field '{name}'.");

    private static int Int(JsonElement root, string name)
    {
        var value = Field(root, name);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i) ? i
            : throw new CheckpointException($"the model config's '{name}' is not an integer: {Raw(value)}.");
    }

    private static double Double(JsonElement root, string name)
    {
        var value = Field(root, name);
        // -0 passes `>= 0` but not the layers' IsNegative checks: refused here, by name.
        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && double.IsFinite(d) && !double.IsNegative(d) ? d
            : throw new CheckpointException($"the model config's '{name}' is not a finite number >= 0: {Raw(value)}.");
    }

    private static bool Bool(JsonElement root, string name)
    {
        var value = Field(root, name);
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new CheckpointException($"the model config's '{name}' is not true or false: {Raw(value)}."),
        };
    }

    private static T Enum<T>(JsonElement root, string name) where T : struct, Enum
    {
        var value = Field(root, name);
        // Exactly one member's name: Enum.TryParse would also take numbers and "A, B" combinations.
        return value.ValueKind == JsonValueKind.String && System.Enum.GetNames<T>().Contains(value.GetString(), StringComparer.Ordinal)
            ? System.Enum.Parse<T>(value.GetString()!)
            : throw new CheckpointException($"the model config's '{name}' is not one of {string.Join(", ", System.Enum.GetNames<T>())}: {Raw(value)}.");
    }

    // The value as written in the file, cut short: the message names it without repeating a huge header.
    private static string Raw(JsonElement value) => CheckpointException.Shorten(value.GetRawText());
}
