using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Dual;

/// <summary>
/// A read-only name → tensor map over one evaluation's results, sharing its name index with every other
/// evaluation of the same program: returning gradients costs one small array per call instead of a
/// new hash table.
/// </summary>
internal sealed class NamedTensors(IReadOnlyDictionary<string, int> index, Tensor[] values, int offset) : IReadOnlyDictionary<string, Tensor>
{
    /// <summary>The position of each name among the results, built once per program.</summary>
    public static IReadOnlyDictionary<string, int> Index(IReadOnlyList<string> names)
    {
        var index = new Dictionary<string, int>(names.Count);
        for (var i = 0; i < names.Count; i++) index[names[i]] = i; // a name asked for twice keeps its last position
        return index;
    }

    public Tensor this[string key] => TryGetValue(key, out var value) ? value
        : throw new KeyNotFoundException($"No gradient named '{key}'. Gradients: {string.Join(", ", index.Keys)}.");

    public IEnumerable<string> Keys => index.Keys;

    public IEnumerable<Tensor> Values => index.Values.Select(i => values[offset + i]);

    public int Count => index.Count;

    public bool ContainsKey(string key) => index.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out Tensor value)
    {
        if (index.TryGetValue(key, out var i))
        {
            value = values[offset + i];
            return true;
        }
        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, Tensor>> GetEnumerator() =>
        index.Select(p => new KeyValuePair<string, Tensor>(p.Key, values[offset + p.Value])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
