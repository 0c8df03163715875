using System.Collections;
using System.Globalization;
using System.Text;

namespace Dual;

/// <summary>
/// Parameter values: an immutable, ordered map from path to tensor. Gradients and optimizer
/// states come back as <see cref="Params"/> with the same keys. Usable directly as bindings.
/// </summary>
public sealed class Params : IReadOnlyDictionary<string, Tensor>
{
    private readonly Dictionary<string, Tensor> _values;
    private readonly string[] _order;

    private Params(Dictionary<string, Tensor> values, string[] order)
    {
        _values = values;
        _order = order;
    }

    /// <summary>No parameters.</summary>
    public static Params Empty { get; } = new([], []);

    /// <summary>Parameters from (path, value) pairs, in the given order; a path may appear once.</summary>
    public static Params Of(IEnumerable<KeyValuePair<string, Tensor>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var dict = new Dictionary<string, Tensor>();
        var order = new List<string>();
        foreach (var (path, value) in values)
        {
            ArgumentNullException.ThrowIfNull(value);
            if (!dict.TryAdd(path, value)) throw new ArgumentException($"Parameter '{path}' is given twice.", nameof(values));
            order.Add(path);
        }
        return new Params(dict, order.ToArray());
    }

    /// <summary>The value at <paramref name="path"/>; throws naming the known paths if absent.</summary>
    public Tensor this[string path] => _values.TryGetValue(path, out var v) ? v
        : throw new KeyNotFoundException($"No parameter '{path}'. Parameters: {string.Join(", ", _order)}.");

    /// <summary>The number of parameter tensors.</summary>
    public int Count => _order.Length;

    /// <summary>The total number of scalar values.</summary>
    public long TotalSize => _order.Sum(p => (long)_values[p].Size);

    /// <summary>The paths in order.</summary>
    public IEnumerable<string> Keys => _order;

    /// <summary>The values in order.</summary>
    public IEnumerable<Tensor> Values => _order.Select(p => _values[p]);

    /// <summary>A copy with each value replaced by <paramref name="map"/>(path, value); keys and order stay.</summary>
    public Params Map(Func<string, Tensor, Tensor> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var dict = new Dictionary<string, Tensor>(_order.Length);
        foreach (var p in _order) dict[p] = map(p, _values[p]);
        return new Params(dict, _order);
    }

    /// <summary>These values as bindings for evaluation, plus <paramref name="extra"/> (inputs, targets).</summary>
    public Env ToEnv(Env? extra = null) => Env.Of(this).With(extra ?? Env.Empty);

    /// <summary>Throws, listing the names, unless these parameters are exactly those <paramref name="specs"/> declare, with the declared shapes.</summary>
    public void Validate(IReadOnlyList<ParamSpec> specs)
    {
        ArgumentNullException.ThrowIfNull(specs);
        if (MatchesInOrder(specs)) return;
        var missing = specs.Where(s => !_values.ContainsKey(s.Path)).Select(s => s.Path).ToList();
        var extra = _order.Where(p => specs.All(s => s.Path != p)).ToList();
        var wrong = specs.Where(s => _values.TryGetValue(s.Path, out var v) && v.Shape != s.Shape)
            .Select(s => $"{s.Path} is {_values[s.Path].Shape}, declared {s.Shape}").ToList();
        if (missing.Count + extra.Count + wrong.Count == 0) return;
        var parts = new List<string>();
        if (missing.Count > 0) parts.Add($"missing: {string.Join(", ", missing)}");
        if (extra.Count > 0) parts.Add($"not in the model: {string.Join(", ", extra)}");
        if (wrong.Count > 0) parts.Add($"wrong shape: {string.Join("; ", wrong)}");
        throw new ArgumentException($"The parameters do not match the model ({string.Join("; ", parts)}).");
    }

    // The case of every training step (parameters made from the model's own list, in its order), checked with
    // one loop and no allocation; any other order or mismatch takes the full check above, which names the problem.
    private bool MatchesInOrder(IReadOnlyList<ParamSpec> specs)
    {
        if (specs.Count != _order.Length) return false;
        for (var i = 0; i < specs.Count; i++)
            if (specs[i].Path != _order[i] || _values[_order[i]].Shape != specs[i].Shape) return false;
        return true;
    }

    /// <inheritdoc/>
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <inheritdoc/>
    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out Tensor value) => _values.TryGetValue(key, out value);

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, Tensor>> GetEnumerator() =>
        _order.Select(p => new KeyValuePair<string, Tensor>(p, _values[p])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>A table: path, shape and size per parameter, then the totals.</summary>
    public string Summary()
    {
        var width = Math.Max(4, _order.DefaultIfEmpty("").Max(p => p.Length));
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{"path".PadRight(width)}  {"shape",-16} {"size",10}");
        foreach (var p in _order)
            sb.AppendLine(CultureInfo.InvariantCulture, $"{p.PadRight(width)}  {_values[p].Shape,-16} {_values[p].Size,10:N0}");
        sb.Append(CultureInfo.InvariantCulture, $"{Count} tensors, {TotalSize:N0} parameters");
        return sb.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => $"Params({Count} tensors, {TotalSize} values)";
}
