using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Dual.Models;

/// <summary>
/// Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header
/// (per tensor its dtype, shape and data offsets; string metadata under <c>__metadata__</c>), then
/// the raw little-endian data. Writing is atomic (temporary file, flush, rename), so an interrupted
/// save never replaces a good checkpoint with a broken one. Reading validates everything before
/// allocating: a malformed file is a <see cref="CheckpointException"/> naming the problem, never a
/// crash, a hang or a huge allocation.
/// </summary>
public static class SafeTensors
{
    /// <summary>The largest header accepted (safetensors itself caps it at 100 MB).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private const string MetadataKey = "__metadata__";

    /// <summary>Writes the tensors (as F64) and metadata to <paramref name="path"/> atomically (<see cref="AtomicFile.Write"/>: a regular file only, permissions kept, symbolic links followed).</summary>
    /// <exception cref="IOException">The target is not a regular file, or cannot be written.</exception>
    public static void Save(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        SaveAs(path, tensors, SafeTensorsDType.F64, metadata);

    /// <summary>Writes the tensors as <paramref name="dtype"/> (F32 rounds each value to nearest) and metadata to <paramref name="path"/> atomically, as <see cref="Save"/>.</summary>
    /// <exception cref="IOException">The target is not a regular file, or cannot be written.</exception>
    public static void SaveAs(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, SafeTensorsDType dtype, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(tensors);
        AtomicFile.Write(path, stream => WriteAs(stream, tensors, dtype, metadata));
    }

    /// <summary>Writes the safetensors bytes (F64) to a stream.</summary>
    public static void Write(Stream stream, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        WriteAs(stream, tensors, SafeTensorsDType.F64, metadata);

    /// <summary>Writes the safetensors bytes, every tensor as <paramref name="dtype"/>, to a stream.</summary>
    public static void WriteAs(Stream stream, IEnumerable<KeyValuePair<string, Tensor>> tensors, SafeTensorsDType dtype, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var width = dtype == SafeTensorsDType.F32 ? 4 : 8;
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        var list = tensors.ToList();
        var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (k, v) in metadata) json.WriteString(k, v);
                json.WriteEndObject();
            }
            long offset = 0;
            var names = new HashSet<string>();
            foreach (var (name, tensor) in list)
            {
                if (name == MetadataKey || !names.Add(name)) throw new ArgumentException($"Tensor name '{name}' is reserved or repeated.", nameof(tensors));
                json.WriteStartObject(name);
                json.WriteString("dtype", dtype.ToString());
                json.WriteStartArray("shape");
                foreach (var d in tensor.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += (long)width * tensor.Size;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        // Pad the header with spaces to a multiple of 8 so the data is aligned, as the reference writer does.
        while (header.Length % 8 != 0) header.WriteByte((byte)' ');
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        header.Position = 0;
        header.CopyTo(stream);
        var buffer = new byte[8 * 4096];
        foreach (var (_, tensor) in list)
        {
            var values = tensor.Span;
            for (var start = 0; start < values.Length; start += 4096)
            {
                var n = Math.Min(4096, values.Length - start);
                for (var i = 0; i < n; i++)
                {
                    if (width == 4) BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(4 * i), (float)values[start + i]);
                    else BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(8 * i), values[start + i]);
                }
                stream.Write(buffer, 0, width * n);
            }
        }
    }

    /// <summary>Reads and validates a checkpoint file.</summary>
    public static Checkpoint Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        RegularFile.RequireReadable(path, "checkpoint", m => new CheckpointException(m));
        using var stream = File.OpenRead(path);
        try
        {
            return Read(stream);
        }
        catch (CheckpointException e)
        {
            throw new CheckpointException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Reads and validates safetensors bytes from a seekable stream.</summary>
    public static Checkpoint Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var fileLength = stream.Length - stream.Position;
        if (fileLength < 8) throw new CheckpointException($"truncated: {fileLength} bytes, fewer than the 8-byte header length.");
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderBytes) throw new CheckpointException($"header length {headerLength} exceeds the limit of {MaxHeaderBytes} bytes.");
        if ((long)headerLength > fileLength - 8) throw new CheckpointException($"header length {headerLength} is larger than the {fileLength - 8} bytes after it.");
        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        var dataLength = fileLength - 8 - (long)headerLength;

        var (entries, metadata) = ParseHeader(headerBytes, dataLength);
        var values = new List<KeyValuePair<string, Tensor>>();
        var dataStart = stream.Position;
        foreach (var e in entries.OrderBy(e => e.Begin))
        {
            stream.Position = dataStart + e.Begin;
            values.Add(new(e.Name, Decode(e, stream)));
        }
        return new Checkpoint(Params.Of(values), metadata);
    }

    private sealed record Entry(string Name, string DType, Shape Shape, long Begin, long End);

    private static (List<Entry> Entries, Dictionary<string, string> Metadata) ParseHeader(byte[] header, long dataLength)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"the header is not valid JSON: {e.Message}", e);
        }
        using (doc)
        {
            try
            {
                return ParseHeader(doc.RootElement, dataLength);
            }
            catch (InvalidOperationException e)
            {
                // System.Text.Json reads strings lazily: an escaped lone surrogate is found only now.
                throw new CheckpointException($"the header has a string that is not valid text: {e.Message}", e);
            }
        }
    }

    private static (List<Entry> Entries, Dictionary<string, string> Metadata) ParseHeader(JsonElement root, long dataLength)
    {
        {
            if (root.ValueKind != JsonValueKind.Object) throw new CheckpointException("the header is not a JSON object.");
            var entries = new List<Entry>();
            var metadata = new Dictionary<string, string>();
            var seen = new HashSet<string>();
            foreach (var property in root.EnumerateObject())
            {
                if (!seen.Add(property.Name)) throw new CheckpointException($"the header names '{property.Name}' twice.");
                if (property.Name == MetadataKey)
                {
                    if (property.Value.ValueKind != JsonValueKind.Object) throw new CheckpointException("__metadata__ is not an object.");
                    foreach (var m in property.Value.EnumerateObject())
                        metadata[m.Name] = m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString()!
                            : throw new CheckpointException($"metadata '{m.Name}' is not a string.");
                    continue;
                }
                entries.Add(ParseEntry(property));
            }
            CheckLayout(entries, dataLength);
            return (entries, metadata);
        }
    }

    private static Entry ParseEntry(JsonProperty property)
    {
        var name = property.Name;
        var v = property.Value;
        if (v.ValueKind != JsonValueKind.Object) throw new CheckpointException($"tensor '{name}': entry is not an object.");
        if (!v.TryGetProperty("dtype", out var dtypeEl) || dtypeEl.ValueKind != JsonValueKind.String)
            throw new CheckpointException($"tensor '{name}': missing dtype.");
        var dtype = dtypeEl.GetString()!;
        if (dtype is not ("F64" or "F32")) throw new CheckpointException($"tensor '{name}': unsupported dtype '{dtype}' (F64 and F32 are read).");
        if (!v.TryGetProperty("shape", out var shapeEl) || shapeEl.ValueKind != JsonValueKind.Array)
            throw new CheckpointException($"tensor '{name}': missing shape.");
        var dims = new List<int>();
        long count = 1;
        foreach (var d in shapeEl.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out var dim) || dim < 0)
                throw new CheckpointException($"tensor '{name}': shape has an entry that is not a non-negative integer.");
            dims.Add(dim);
            count *= dim;
            if (count > Array.MaxLength) throw new CheckpointException($"tensor '{name}': shape [{string.Join(", ", dims)}…] is too large.");
        }
        if (!v.TryGetProperty("data_offsets", out var offsetsEl) || offsetsEl.ValueKind != JsonValueKind.Array || offsetsEl.GetArrayLength() != 2)
            throw new CheckpointException($"tensor '{name}': data_offsets must be [begin, end].");
        if (offsetsEl[0].ValueKind != JsonValueKind.Number || offsetsEl[1].ValueKind != JsonValueKind.Number
            || !offsetsEl[0].TryGetInt64(out var begin) || !offsetsEl[1].TryGetInt64(out var end) || begin < 0 || end < begin)
            throw new CheckpointException($"tensor '{name}': data_offsets must be integers with 0 <= begin <= end.");
        var size = dtype == "F64" ? 8 : 4;
        if (end - begin != count * size)
            throw new CheckpointException($"tensor '{name}': shape [{string.Join(", ", dims)}] of {dtype} needs {count * size} bytes, data_offsets give {end - begin}.");
        return new Entry(name, dtype, Shape.Create(dims.ToArray()), begin, end);
    }

    // Offsets must lie inside the data, not overlap, and cover it without holes.
    private static void CheckLayout(List<Entry> entries, long dataLength)
    {
        long expected = 0;
        foreach (var e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (e.End > dataLength) throw new CheckpointException($"tensor '{e.Name}': data_offsets [{e.Begin}, {e.End}) run past the {dataLength} data bytes (file truncated?).");
            if (e.Begin < expected) throw new CheckpointException($"tensor '{e.Name}': data_offsets [{e.Begin}, {e.End}) overlap the previous tensor.");
            if (e.Begin > expected) throw new CheckpointException($"a hole in the data before tensor '{e.Name}' (bytes {expected}..{e.Begin}).");
            expected = e.End;
        }
        if (expected != dataLength) throw new CheckpointException($"{dataLength - expected} data bytes after the last tensor are not described by the header.");
    }

    // Decoded through a small buffer, so a tensor costs its doubles and no second copy of its bytes.
    private static Tensor Decode(Entry e, Stream stream)
    {
        var values = new double[e.Shape.Size];
        var size = e.DType == "F64" ? 8 : 4;
        var buffer = new byte[size * 8192];
        for (var start = 0; start < values.Length; start += 8192)
        {
            var n = Math.Min(8192, values.Length - start);
            var chunk = buffer.AsSpan(0, size * n);
            stream.ReadExactly(chunk);
            if (size == 8)
                for (var i = 0; i < n; i++) values[start + i] = BinaryPrimitives.ReadDoubleLittleEndian(chunk[(8 * i)..]);
            else
                for (var i = 0; i < n; i++) values[start + i] = BinaryPrimitives.ReadSingleLittleEndian(chunk[(4 * i)..]);
        }
        return Tensor.FromArray(e.Shape, values);
    }

    /// <summary>The header of a checkpoint as text (for diagnostics).</summary>
    public static string HeaderText(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        var n = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (n > MaxHeaderBytes || (long)n > stream.Length - 8) throw new CheckpointException($"{path}: header length {n} is invalid.");
        var bytes = new byte[n];
        stream.ReadExactly(bytes);
        return Encoding.UTF8.GetString(bytes);
    }
}
