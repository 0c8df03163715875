using System.Collections;

namespace Dual;

/// <summary>Immutable bindings from variable names to values, in the order they were given.</summary>
public sealed class Env : IReadOnlyDictionary<string, Tensor>
{
    private readonly Dictionary<string, Tensor> _values;
    private readonly string[] _order;

    private Env(Dictionary<string, Tensor> values, string[] order)
    {
        _values = values;
        _order = order;
    }

    /// <summary>No bindings.</summary>
    public static Env Empty { get; } = new([], []);

    /// <summary>Bindings from (name, value) pairs; numbers convert to rank-0 tensors. A name may appear once.</summary>
    public static Env Of(params (string Name, Tensor Value)[] bindings)
    {
        ArgumentNullException.ThrowIfNull(bindings);
        var values = new Dictionary<string, Tensor>(bindings.Length);
        var order = new string[bindings.Length];
        for (var i = 0; i < bindings.Length; i++)
        {
            var (name, value) = bindings[i];
            Naming.Validate(name);
            ArgumentNullException.ThrowIfNull(value);
            if (!values.TryAdd(name, value)) throw new ArgumentException($"Variable '{name}' is bound twice.", nameof(bindings));
            order[i] = name;
        }
        return new Env(values, order);
    }

    /// <summary>Bindings from a dictionary.</summary>
    public static Env Of(IEnumerable<KeyValuePair<string, Tensor>> bindings)
    {
        ArgumentNullException.ThrowIfNull(bindings);
        return Of(bindings.Select(kv => (kv.Key, kv.Value)).ToArray());
    }

    /// <summary>These bindings plus (or with a new value for) <paramref name="name"/>.</summary>
    public Env With(string name, Tensor value)
    {
        Naming.Validate(name);
        ArgumentNullException.ThrowIfNull(value);
        var values = new Dictionary<string, Tensor>(_values) { [name] = value };
        return new Env(values, _values.ContainsKey(name) ? _order : [.. _order, name]);
    }

    /// <summary>These bindings plus all of <paramref name="other"/>'s (which win on a clash).</summary>
    public Env With(Env other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count == 0) return this;
        if (Count == 0) return other;
        var values = new Dictionary<string, Tensor>(_values);
        var order = new List<string>(_order);
        foreach (var name in other._order)
        {
            if (!values.ContainsKey(name)) order.Add(name);
            values[name] = other._values[name];
        }
        return new Env(values, order.ToArray());
    }

    /// <summary>The value bound to <paramref name="key"/>; throws naming the bound variables if there is none.</summary>
    public Tensor this[string key] => _values.TryGetValue(key, out var v) ? v : throw Unbound(key);

    internal KeyNotFoundException Unbound(string name) =>
        new($"Variable '{name}' is not bound. Bound: {(_order.Length == 0 ? "(none)" : string.Join(", ", _order))}.");

    /// <summary>The bound names in order.</summary>
    public IEnumerable<string> Keys => _order;

    /// <summary>The bound values in order.</summary>
    public IEnumerable<Tensor> Values => _order.Select(n => _values[n]);

    /// <summary>The number of bindings.</summary>
    public int Count => _order.Length;

    /// <inheritdoc/>
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <inheritdoc/>
    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out Tensor value) => _values.TryGetValue(key, out value);

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, Tensor>> GetEnumerator() =>
        _order.Select(n => new KeyValuePair<string, Tensor>(n, _values[n])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public override string ToString() => "{" + string.Join(", ", _order.Select(n => $"{n}: {_values[n].Shape}")) + "}";
}
