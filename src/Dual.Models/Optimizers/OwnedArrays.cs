namespace Dual.Models;

/// <summary>
/// The arrays behind a training session's parameters and optimizer state, which the session made itself and no other
/// code has seen: the only arrays an in-place update writes. Aligned with the parameters' order; one set per state slot.
/// Tensors never expose a writable view, so the session keeps the arrays it wrapped.
/// </summary>
internal sealed class OwnedArrays
{
    private OwnedArrays(Params parameters, OptimizerState state, double[][] parameterArrays, IReadOnlyDictionary<string, double[][]> slotArrays)
    {
        (Parameters, State, ParameterArrays, SlotArrays) = (parameters, state, parameterArrays, slotArrays);
    }

    /// <summary>The parameters, as tensors over <see cref="ParameterArrays"/>.</summary>
    public Params Parameters { get; }

    /// <summary>The optimizer state, its slots tensors over <see cref="SlotArrays"/>.</summary>
    public OptimizerState State { get; }

    /// <summary>Each parameter's array, in the parameters' order.</summary>
    public double[][] ParameterArrays { get; }

    /// <summary>Each slot's arrays, in the parameters' order.</summary>
    public IReadOnlyDictionary<string, double[][]> SlotArrays { get; }

    // The gradients objects an optimizer has checked against these parameters and slots. The layout of the arrays never
    // changes, so the same gradients need no second check; a session hands over one gradients object per compiled
    // loss (microgpt: one per name length), so this holds a handful.
    private HashSet<Params> _checkedGradients = new(ReferenceEqualityComparer.Instance);

    /// <summary>Whether <paramref name="gradients"/> was checked against these parameters and slots (keys and shapes).</summary>
    public bool Checked(Params gradients) => _checkedGradients.Contains(gradients);

    /// <summary>Records that <paramref name="gradients"/> passed the optimizer's checks against these parameters and slots.</summary>
    public void MarkChecked(Params gradients) => _checkedGradients.Add(gradients);

    /// <summary>The same arrays after an in-place update: <paramref name="next"/> is the state one step on, over the same slot tensors.</summary>
    public OwnedArrays After(OptimizerState next) => new(Parameters, next, ParameterArrays, SlotArrays) { _checkedGradients = _checkedGradients };

    /// <summary>Whether every slot of <paramref name="state"/> holds exactly the parameters' keys (otherwise the optimizer's own checks should speak).</summary>
    public static bool Fits(Params parameters, OptimizerState state) =>
        state.Slots.All(s => s.Value.Count == parameters.Count && parameters.Keys.All(s.Value.ContainsKey));

    /// <summary>Copies of <paramref name="parameters"/> and <paramref name="state"/> in new arrays that only the caller holds.</summary>
    public static OwnedArrays CopyOf(Params parameters, OptimizerState state)
    {
        var order = parameters.Keys.ToArray();
        var (copy, arrays) = Copy(parameters, order);
        var slots = new List<KeyValuePair<string, Params>>();
        var slotArrays = new Dictionary<string, double[][]>();
        foreach (var (name, values) in state.Slots)
        {
            var (slotCopy, slotArray) = Copy(values, order);
            slots.Add(new(name, slotCopy));
            slotArrays[name] = slotArray;
        }
        return new OwnedArrays(copy, new OptimizerState(state.Step, slots), arrays, slotArrays);
    }

    // Copies in the parameters' order, so that index i is the same parameter in every set of arrays.
    private static (Params, double[][]) Copy(Params values, string[] order)
    {
        var arrays = order.Select(path => values[path].ToArray()).ToArray();
        var tensors = order.Select((path, i) => new KeyValuePair<string, Tensor>(path, TensorMarshal.FromOwnedArray(values[path].Shape, arrays[i])));
        return (Params.Of(tensors), arrays);
    }
}
