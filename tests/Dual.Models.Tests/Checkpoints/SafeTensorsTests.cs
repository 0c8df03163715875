using System.Buffers.Binary;
using System.Text;

namespace Dual.Models.Tests.Checkpoints;

/// <summary>Safetensors checkpoints: round trips, hand-made files from the spec, and every kind of broken file.</summary>
public sealed class SafeTensorsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dual-st-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    // A file laid out by hand from the format description: u64 LE header length, JSON, raw data.
    private static byte[] Craft(string json, byte[] data)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + header.Length);
        return bytes;
    }

    private static byte[] F64(params double[] values)
    {
        var bytes = new byte[8 * values.Length];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(8 * i), values[i]);
        return bytes;
    }

    private static Checkpoint ReadBytes(byte[] bytes) => SafeTensors.Read(new MemoryStream(bytes));

    private static void AssertRejected(byte[] bytes, string expectedFragment)
    {
        var e = Assert.Throws<CheckpointException>(() => ReadBytes(bytes));
        Assert.Contains(expectedFragment, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_then_load_gives_back_every_tensor_bit_for_bit_and_the_metadata()
    {
        var tensors = Params.Of([
            new("wte", Tensor.RandomNormal([5, 3], 1)),
            new("h0.attn.wq", Tensor.RandomNormal([3, 3], 2)),
            new("scalar", Tensor.Scalar(-0.0)),
            new("empty", Tensor.Zeros([0, 4])),
        ]);
        var meta = new Dictionary<string, string> { ["config"] = "{\"width\":3}", ["vocab"] = "abc\n" };
        SafeTensors.Save(PathOf("m.safetensors"), tensors, meta);
        var loaded = SafeTensors.Load(PathOf("m.safetensors"));
        Assert.Equal(tensors.Keys, loaded.Tensors.Keys);
        foreach (var (name, t) in tensors) Assert.True(t.Equals(loaded.Tensors[name]), name);
        Assert.Equal(meta, loaded.Metadata);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void Reads_a_file_made_by_hand_from_the_format_description()
    {
        var bytes = Craft("""{"__metadata__":{"k":"v"},"b":{"dtype":"F32","shape":[1],"data_offsets":[16,20]},"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}""",
            [.. F64(1.5, -2.25), .. BitConverter.GetBytes(0.75f)]);
        var c = ReadBytes(bytes);
        Assert.Equal([1.5, -2.25], c.Tensors["a"].ToArray());
        Assert.Equal([0.75], c.Tensors["b"].ToArray());
        Assert.Equal(["a", "b"], c.Tensors.Keys); // data order
        Assert.Equal("v", c.Metadata["k"]);
    }

    [Fact]
    public void Written_files_follow_the_layout_byte_for_byte()
    {
        var stream = new MemoryStream();
        SafeTensors.Write(stream, Params.Of([new("x", Tensor.Vector(1.0, 2.0))]));
        var bytes = stream.ToArray();
        var n = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, n % 8);
        Assert.Equal("""{"x":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}""", Encoding.UTF8.GetString(bytes, 8, n).TrimEnd(' '));
        Assert.Equal(F64(1.0, 2.0), bytes[(8 + n)..]);
    }

    [Fact]
    public void Truncated_files_are_rejected()
    {
        AssertRejected([1, 2, 3], "truncated");
        var good = Craft("""{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}""", F64(1, 2));
        AssertRejected(good[..^4], "run past");
    }

    [Fact]
    public void A_header_length_beyond_the_file_or_the_limit_is_rejected_without_allocating_it()
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 9);
        AssertRejected(bytes, "larger than the 8 bytes after it");
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, ulong.MaxValue);
        AssertRejected(bytes, "exceeds the limit");
    }

    [Theory]
    [InlineData("{\"a\":", "not valid JSON")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("""{"a":{"dtype":"I8","shape":[2],"data_offsets":[0,2]}}""", "unsupported dtype 'I8'")]
    [InlineData("""{"a":{"shape":[2],"data_offsets":[0,16]}}""", "missing dtype")]
    [InlineData("""{"a":{"dtype":"F64","shape":[3],"data_offsets":[0,16]}}""", "needs 24 bytes")]
    [InlineData("""{"a":{"dtype":"F64","shape":[-2],"data_offsets":[0,16]}}""", "not a non-negative integer")]
    [InlineData("""{"a":{"dtype":"F64","shape":[2],"data_offsets":[16,0]}}""", "begin <= end")]
    [InlineData("""{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"b":{"dtype":"F64","shape":[1],"data_offsets":[4,12]}}""", "overlap")]
    [InlineData("""{"a":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}}""", "hole")]
    [InlineData("""{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}""", "not described by the header")]
    [InlineData("""{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]},"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}""", "twice")]
    [InlineData("""{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16000000000]}}""", "needs 16 bytes")]
    [InlineData("""{"a":{"dtype":"F64","shape":[100000,100000,100000],"data_offsets":[0,16]}}""", "too large")]
    [InlineData("""{"__metadata__":{"k":1},"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}""", "not a string")]
    public void Malformed_headers_are_rejected_with_a_message_naming_the_problem(string json, string fragment) =>
        AssertRejected(Craft(json, F64(1, 2)), fragment);

    [Fact]
    public void A_failed_save_leaves_the_previous_checkpoint_in_place()
    {
        var path = PathOf("c.safetensors");
        SafeTensors.Save(path, Params.Of([new("a", Tensor.Vector(1, 2))]));
        var before = File.ReadAllBytes(path);
        Assert.ThrowsAny<Exception>(() => SafeTensors.Save(path, Failing()));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp", SearchOption.AllDirectories));

        static IEnumerable<KeyValuePair<string, Tensor>> Failing()
        {
            yield return new("a", Tensor.Vector(3, 4));
            throw new IOException("disk full (simulated)");
        }
    }

    [Fact]
    public void A_missing_file_is_a_checkpoint_error_naming_it()
    {
        var e = Assert.Throws<CheckpointException>(() => SafeTensors.Load(PathOf("nope.safetensors")));
        Assert.Contains("nope.safetensors", e.Message, StringComparison.Ordinal);
    }
}
