using System.Globalization;

namespace Dual.Models;

/// <summary>The argument checks every optimizer makes, with messages that name what is wrong.</summary>
internal static class OptimizerChecks
{
    /// <summary>β must lie in [0, 1).</summary>
    public static void Beta(double beta, string name)
    {
        if (!(beta >= 0 && beta < 1))
            throw new ArgumentException($"{name} must be in [0, 1); got {beta.ToString("R", CultureInfo.InvariantCulture)}.", name);
    }

    /// <summary>A finite number > 0 (epsilon, clipping norms).</summary>
    public static void Positive(double value, string name)
    {
        if (!(double.IsFinite(value) && value > 0))
            throw new ArgumentException($"{name} must be finite and > 0; got {value.ToString("R", CultureInfo.InvariantCulture)}.", name);
    }

    /// <summary>A finite number >= 0 (weight decay).</summary>
    public static void NonNegative(double value, string name)
    {
        if (!(double.IsFinite(value) && value >= 0))
            throw new ArgumentException($"{name} must be finite and >= 0; got {value.ToString("R", CultureInfo.InvariantCulture)}.", name);
    }

    // Every training step's case, checked in one pass without lists: as many values as parameters, and each parameter's
    // key among them with its shape (keys are distinct, so none is missing and none unknown). Anything else takes the
    // full check, which names the problem.
    private static bool SameLayout(Params parameters, Params values)
    {
        if (parameters.Count != values.Count) return false;
        foreach (var (key, tensor) in parameters)
            if (!values.TryGetValue(key, out var value) || value.Shape != tensor.Shape) return false;
        return true;
    }

    /// <summary>Throws unless <paramref name="values"/> has exactly the keys and shapes of <paramref name="parameters"/>, listing the differences.</summary>
    public static void SameKeys(Params parameters, Params values, string what, string paramName)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(values, paramName);
        if (SameLayout(parameters, values)) return;
        var missing = parameters.Keys.Where(k => !values.ContainsKey(k)).ToList();
        var unknown = values.Keys.Where(k => !parameters.ContainsKey(k)).ToList();
        var wrong = parameters.Keys.Where(k => values.TryGetValue(k, out var v) && v.Shape != parameters[k].Shape)
            .Select(k => $"{k} is {parameters[k].Shape} but its {what} is {values[k].Shape}").ToList();
        if (missing.Count + unknown.Count + wrong.Count == 0) return;
        var parts = new List<string>();
        if (missing.Count > 0) parts.Add($"no {what} for: {string.Join(", ", missing)}");
        if (unknown.Count > 0) parts.Add($"{what} for unknown parameters: {string.Join(", ", unknown)}");
        if (wrong.Count > 0) parts.Add($"wrong shape: {string.Join("; ", wrong)}");
        throw new ArgumentException($"The {what} do not match the parameters ({string.Join("; ", parts)}). Parameters: {string.Join(", ", parameters.Keys)}.", paramName);
    }

    /// <summary>Throws unless <paramref name="state"/> has exactly the slots <paramref name="slots"/>, each keyed like the parameters.</summary>
    public static void State(string optimizer, Params parameters, OptimizerState state, params string[] slots)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.SlotNames.SequenceEqual(slots))
            throw new ArgumentException(
                $"{optimizer} needs a state with slots [{string.Join(", ", slots)}]; this one has [{string.Join(", ", state.SlotNames)}]. Make it with {optimizer}.Init.",
                nameof(state));
        foreach (var slot in slots) SameKeys(parameters, state[slot], $"optimizer state '{slot}' values", nameof(state));
    }
}
