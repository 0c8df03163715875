using System.Text.RegularExpressions;

namespace Dual.Models;

/// <summary>
/// A GPT's weights in the layout PyTorch users expect, and back: weights only (no optimizer state, no loss history),
/// matrices <c>[out, in]</c> as <c>torch.nn.Linear</c> stores them (Dual keeps <c>[in, out]</c>, y = x·W), embeddings
/// <c>[rows, width]</c> unchanged, names either Dual's paths or GPT-2's (<see cref="GptTensorNames"/>). Exported files
/// are plain safetensors that any reader loads; importing checks every name and shape against the config first.
/// Round trips are exact in float64.
/// </summary>
public static partial class GptWeights
{
    /// <summary>The metadata key under which an exported file records its GPT config (Dual's JSON).</summary>
    public const string ConfigMetadata = "dual.config";

    /// <summary>The metadata key under which an exported file records its naming (<see cref="GptTensorNames"/>).</summary>
    public const string NamesMetadata = "dual.names";

    // One tensor outside Dual: the Dual parameters it holds (several when q, k, v are fused), each transposed or not.
    private sealed record Piece(string External, string[] Paths, bool Transpose);

    /// <summary>The tensors of <paramref name="parameters"/> (a GPT with <paramref name="config"/>) under <paramref name="names"/>, matrices <c>[out, in]</c>, in declaration order.</summary>
    /// <exception cref="ArgumentException">The parameters are not those the config declares.</exception>
    public static IReadOnlyList<KeyValuePair<string, Tensor>> ToPyTorch(GptConfig config, Params parameters, GptTensorNames names = GptTensorNames.Dual)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate(GptCheckpoint.ParametersOf(config));
        return [.. Layout(config, names).Select(p => new KeyValuePair<string, Tensor>(p.External,
            ConcatRows([.. p.Paths.Select(path => p.Transpose ? Transpose(parameters[path]) : parameters[path])])))];
    }

    /// <summary>The GPT parameters held by <paramref name="tensors"/> (PyTorch layout, <paramref name="names"/>) for a model with <paramref name="config"/>.</summary>
    /// <exception cref="CheckpointException">A tensor is missing, has another shape than the config needs, or is not part of the model: the message names each with both shapes.</exception>
    public static Params FromPyTorch(GptConfig config, IReadOnlyDictionary<string, Tensor> tensors, GptTensorNames names = GptTensorNames.Dual)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(tensors);
        var specs = GptCheckpoint.ParametersOf(config).ToDictionary(s => s.Path, s => s.Shape, StringComparer.Ordinal);
        var layout = Layout(config, names);
        var problems = new List<string>();
        foreach (var piece in layout)
        {
            var expected = ExternalShape(piece, specs);
            var source = string.Join(", ", piece.Paths);
            if (!tensors.TryGetValue(piece.External, out var tensor))
                problems.Add($"missing '{piece.External}' {expected} (Dual's {source})");
            else if (tensor.Shape != expected)
                problems.Add($"'{piece.External}' is {tensor.Shape} in the file; the config needs {expected} (Dual's {source})");
        }
        var known = layout.Select(p => p.External).ToHashSet(StringComparer.Ordinal);
        foreach (var name in tensors.Keys.Where(n => !known.Contains(n) && !(names == GptTensorNames.HuggingFace && IsHuggingFaceBuffer(n))).Order(StringComparer.Ordinal))
            problems.Add($"unexpected '{name}' {tensors[name].Shape}: the GPT config has no such tensor");
        if (problems.Count > 0)
            throw new CheckpointException($"the weights do not fit the GPT config ({names} names, [out, in] layout): {string.Join("; ", problems)}.");

        var values = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var piece in layout)
        {
            var rows = 0;
            foreach (var path in piece.Paths)
            {
                var shape = piece.Transpose ? Shape.Of(specs[path][1], specs[path][0]) : specs[path];
                var part = SliceRows(tensors[piece.External], rows, shape);
                rows += shape.Rank == 0 ? 1 : shape[0];
                values[path] = piece.Transpose ? Transpose(part) : part;
            }
        }
        return Params.Of(specs.Keys.Select(p => new KeyValuePair<string, Tensor>(p, values[p])));
    }

    /// <summary>
    /// Writes the weights to a safetensors file at <paramref name="path"/> (atomically): <see cref="ToPyTorch"/>'s tensors
    /// as <paramref name="dtype"/>, with metadata <c>format = pt</c>, the config (<see cref="ConfigMetadata"/>) and the naming.
    /// </summary>
    /// <exception cref="ArgumentException">The parameters are not those the config declares.</exception>
    public static void Export(string path, GptConfig config, Params parameters, GptTensorNames names = GptTensorNames.Dual, SafeTensorsDType dtype = SafeTensorsDType.F32)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var tensors = ToPyTorch(config, parameters, names);
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "pt",
            [ConfigMetadata] = GptConfigJson.Write(config),
            [NamesMetadata] = names.ToString(),
        };
        SafeTensors.SaveAs(path, tensors, dtype, metadata);
    }

    /// <summary>Reads weights in PyTorch layout from the safetensors file at <paramref name="path"/> (F32 or F64) into a GPT with <paramref name="config"/>.</summary>
    /// <exception cref="CheckpointException">The file is unreadable, or its tensors do not fit the config (the message names each).</exception>
    public static Params Import(string path, GptConfig config, GptTensorNames names = GptTensorNames.Dual)
    {
        var file = SafeTensors.Load(path);
        try
        {
            return FromPyTorch(config, file.Tensors, names);
        }
        catch (CheckpointException e)
        {
            throw new CheckpointException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Reads a file written by <see cref="Export"/>: its config and naming come from its metadata.</summary>
    /// <exception cref="CheckpointException">The file is unreadable, has no Dual config in its metadata, or its tensors do not fit it.</exception>
    public static (GptConfig Config, Params Parameters) Import(string path)
    {
        var file = SafeTensors.Load(path);
        if (!file.Metadata.TryGetValue(ConfigMetadata, out var json))
            throw new CheckpointException($"{path}: no '{ConfigMetadata}' metadata; pass the GPT config explicitly (Import(path, config, names)).");
        try
        {
            var config = GptConfigJson.Read(json);
            var names = file.Metadata.TryGetValue(NamesMetadata, out var n) && Enum.TryParse<GptTensorNames>(n, out var parsed) ? parsed : GptTensorNames.Dual;
            return (config, FromPyTorch(config, file.Tensors, names));
        }
        catch (CheckpointException e)
        {
            throw new CheckpointException($"{path}: {e.Message}", e);
        }
    }

    private static List<Piece> Layout(GptConfig config, GptTensorNames names)
    {
        var pieces = new List<Piece>();
        foreach (var spec in GptCheckpoint.ParametersOf(config))
        {
            var transpose = spec.Shape.Rank == 2 && spec.Path is not ("wte" or "wpe");
            if (names == GptTensorNames.Dual)
            {
                pieces.Add(new Piece(spec.Path, [spec.Path], transpose));
                continue;
            }
            var qkv = QkvPattern().Match(spec.Path);
            if (qkv.Success)
            {
                // GPT-2 fuses q, k, v into c_attn: rows [q; k; v] of the [3C, C] weight (and of the [3C] bias).
                if (qkv.Groups[3].Value != "q") continue;
                var (layer, kind) = (qkv.Groups[1].Value, qkv.Groups[2].Value);
                pieces.Add(new Piece($"transformer.h.{layer}.attn.c_attn.{(kind == "w" ? "weight" : "bias")}",
                    [.. "qkv".Select(c => $"h{layer}.attn.{kind}{c}")], transpose));
                continue;
            }
            pieces.Add(new Piece(HuggingFaceName(spec.Path), [spec.Path], transpose));
        }
        return pieces;
    }

    private static string HuggingFaceName(string path)
    {
        if (path is "wte" or "wpe") return $"transformer.{path}.weight";
        if (path == "lm_head.w") return "lm_head.weight";
        var m = NormPattern().Match(path);
        if (m.Success) return $"transformer.{m.Groups[1].Value}.{Suffix(m.Groups[2].Value)}";
        m = BlockPattern().Match(path);
        if (m.Success)
        {
            var (layer, module, param) = (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value);
            var name = module switch
            {
                "ln1" => "ln_1." + Suffix(param),
                "ln2" => "ln_2." + Suffix(param),
                "attn" when param == "wo" => "attn.c_proj.weight",
                "attn" when param == "bo" => "attn.c_proj.bias",
                "mlp.fc1" => "mlp.c_fc." + Suffix(param),
                "mlp.fc2" => "mlp.c_proj." + Suffix(param),
                _ => null,
            };
            if (name is not null) return $"transformer.h.{layer}.{name}";
        }
        throw new InvalidOperationException($"Dual's GPT parameter '{path}' has no GPT-2 name.");
    }

    private static string Suffix(string param) => param switch
    {
        "g" or "w" => "weight",
        "b" => "bias",
        _ => throw new InvalidOperationException($"'{param}' is neither a weight nor a bias."),
    };

    // Hugging Face GPT-2 files may carry the causal-mask buffers of older versions: not weights, ignored on import.
    private static bool IsHuggingFaceBuffer(string name) => HuggingFaceBufferPattern().IsMatch(name);

    private static Shape ExternalShape(Piece piece, Dictionary<string, Shape> specs)
    {
        var shapes = piece.Paths.Select(p => piece.Transpose ? Shape.Of(specs[p][1], specs[p][0]) : specs[p]).ToArray();
        if (shapes.Length == 1) return shapes[0];
        return Shape.Create([shapes.Sum(s => s[0]), .. shapes[0].Dims[1..]]);
    }

    private static Tensor Transpose(Tensor m)
    {
        var (rows, cols) = (m.Shape[0], m.Shape[1]);
        var values = m.ToArray();
        return Tensor.Generate([cols, rows], k => values[k % rows * cols + k / rows]);
    }

    private static Tensor ConcatRows(Tensor[] parts)
    {
        if (parts.Length == 1) return parts[0];
        var values = parts.SelectMany(p => p.ToArray()).ToArray();
        return Tensor.FromArray(Shape.Create([parts.Sum(p => p.Shape[0]), .. parts[0].Shape.Dims[1..]]), values);
    }

    private static Tensor SliceRows(Tensor whole, int firstRow, Shape part)
    {
        var rowSize = part.Rank <= 1 ? 1 : part.Size / part[0];
        return Tensor.FromArray(part, whole.Span.Slice(firstRow * rowSize, part.Size));
    }

    [GeneratedRegex(@"^h(\d+)\.attn\.([wb])([qkv])$", RegexOptions.CultureInvariant)]
    private static partial Regex QkvPattern();

    [GeneratedRegex(@"^(ln_[ef])\.([gb])$", RegexOptions.CultureInvariant)]
    private static partial Regex NormPattern();

    [GeneratedRegex(@"^h(\d+)\.(ln1|ln2|attn|mlp\.fc1|mlp\.fc2)\.(\w+)$", RegexOptions.CultureInvariant)]
    private static partial Regex BlockPattern();

    [GeneratedRegex(@"^transformer\.h\.\d+\.attn\.(bias|masked_bias)$", RegexOptions.CultureInvariant)]
    private static partial Regex HuggingFaceBufferPattern();
}
