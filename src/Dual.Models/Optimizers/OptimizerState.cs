namespace Dual.Models;

/// <summary>
/// An optimizer's state: the number of updates done so far and named slots (Adam's <c>m</c> and
/// <c>v</c>, momentum's <c>velocity</c>), each a <see cref="Params"/> with the parameters' keys, so
/// the whole state can be saved and restored. Immutable.
/// </summary>
public sealed class OptimizerState
{
    private readonly Dictionary<string, Params> _slots;
    private readonly string[] _order;

    /// <summary>A state after <paramref name="step"/> updates, with the given slots in order (restoring a saved state, or in an optimizer).</summary>
    public OptimizerState(int step, IEnumerable<KeyValuePair<string, Params>>? slots = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        Step = step;
        _slots = [];
        var order = new List<string>();
        foreach (var (name, values) in slots ?? [])
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(slots));
            ArgumentNullException.ThrowIfNull(values, nameof(slots));
            if (!_slots.TryAdd(name, values)) throw new ArgumentException($"Optimizer slot '{name}' is given twice.", nameof(slots));
            order.Add(name);
        }
        _order = [.. order];
    }

    /// <summary>The number of updates done so far; the next update is update number <c>Step</c> (from 0).</summary>
    public int Step { get; }

    /// <summary>The slot names in order (empty for plain SGD).</summary>
    public IReadOnlyList<string> SlotNames => _order;

    /// <summary>The slots in order: name → values keyed like the parameters.</summary>
    public IEnumerable<KeyValuePair<string, Params>> Slots => _order.Select(n => new KeyValuePair<string, Params>(n, _slots[n]));

    /// <summary>The slot named <paramref name="slot"/>; throws naming the slots there are.</summary>
    public Params this[string slot] => _slots.TryGetValue(slot, out var values) ? values
        : throw new KeyNotFoundException($"The optimizer state has no slot '{slot}'. Slots: {(_order.Length == 0 ? "(none)" : string.Join(", ", _order))}.");

    /// <inheritdoc/>
    public override string ToString() => $"OptimizerState(step {Step}, slots: {(_order.Length == 0 ? "none" : string.Join(", ", _order))})";
}
