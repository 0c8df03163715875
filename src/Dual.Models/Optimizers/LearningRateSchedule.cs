using System.Globalization;

namespace Dual.Models;

/// <summary>
/// The learning rate as a function of the 0-based update index k. Made by the factories
/// (<see cref="Constant"/>, <see cref="Linear"/>, <see cref="LinearDecay"/>, <see cref="WarmupCosine"/>,
/// <see cref="Custom"/>); a number converts to a constant schedule, so <c>new Sgd(0.1)</c> works.
/// </summary>
public sealed class LearningRateSchedule
{
    private readonly Func<int, double> _rate;
    private readonly string _description;

    private LearningRateSchedule(string description, Func<int, double> rate)
    {
        _description = description;
        _rate = rate;
    }

    /// <summary>The learning rate of update <paramref name="step"/> (0 for the first update).</summary>
    /// <exception cref="InvalidOperationException">A custom schedule returned a negative or non-finite rate.</exception>
    public double At(int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        var rate = _rate(step);
        if (!double.IsFinite(rate) || rate < 0)
            throw new InvalidOperationException($"The learning-rate schedule {_description} gave {rate.ToString("R", CultureInfo.InvariantCulture)} at step {step}; a learning rate must be finite and >= 0.");
        return rate;
    }

    /// <summary>The same <paramref name="rate"/> at every step.</summary>
    public static LearningRateSchedule Constant(double rate)
    {
        CheckRate(rate, nameof(rate));
        return new($"constant({Show(rate)})", _ => rate);
    }

    /// <summary>
    /// From <paramref name="start"/> at step 0 straight to <paramref name="end"/> at step
    /// <paramref name="steps"/>, then <paramref name="end"/>: <c>start + (end − start)·min(k, steps)/steps</c>.
    /// micrograd's moons schedule <c>1.0 − 0.9·k/100</c> is <c>Linear(1.0, 0.1, 100)</c>.
    /// </summary>
    public static LearningRateSchedule Linear(double start, double end, int steps)
    {
        CheckRate(start, nameof(start));
        CheckRate(end, nameof(end));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        return new($"linear({Show(start)} -> {Show(end)} over {steps} steps)",
            k => start + (end - start) * Math.Min(k, steps) / steps);
    }

    /// <summary>Linear decay from <paramref name="rate"/> at step 0 to 0 at step <paramref name="steps"/> (and 0 after): <c>rate·(1 − k/steps)</c>.</summary>
    public static LearningRateSchedule LinearDecay(double rate, int steps) => Linear(rate, 0, steps);

    /// <summary>
    /// Linear warm-up then cosine decay (nanoGPT's schedule). For k &lt; <paramref name="warmupSteps"/>:
    /// <c>peak·(k + 1)/warmupSteps</c>; for warm-up ≤ k &lt; <paramref name="totalSteps"/>, with
    /// <c>r = (k − warmupSteps)/(totalSteps − warmupSteps)</c>: <c>minimum + ½(1 + cos πr)(peak − minimum)</c>;
    /// from <paramref name="totalSteps"/> on: <paramref name="minimum"/>.
    /// </summary>
    public static LearningRateSchedule WarmupCosine(double peak, int warmupSteps, int totalSteps, double minimum = 0)
    {
        CheckRate(peak, nameof(peak));
        CheckRate(minimum, nameof(minimum));
        ArgumentOutOfRangeException.ThrowIfNegative(warmupSteps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalSteps);
        if (warmupSteps > totalSteps)
            throw new ArgumentException($"The warm-up ({warmupSteps} steps) must not be longer than the schedule ({totalSteps} steps).", nameof(warmupSteps));
        return new($"warmup-cosine(peak {Show(peak)}, warm-up {warmupSteps}, total {totalSteps}, minimum {Show(minimum)})", k =>
        {
            if (k < warmupSteps) return peak * (k + 1) / warmupSteps;
            if (k >= totalSteps) return minimum;
            var r = (double)(k - warmupSteps) / (totalSteps - warmupSteps);
            return minimum + 0.5 * (1 + Math.Cos(Math.PI * r)) * (peak - minimum);
        });
    }

    /// <summary>Any function of the step; it must return finite rates >= 0 (checked at each use).</summary>
    public static LearningRateSchedule Custom(Func<int, double> rate, string description = "custom")
    {
        ArgumentNullException.ThrowIfNull(rate);
        ArgumentNullException.ThrowIfNull(description);
        return new(description, rate);
    }

    /// <summary>A number is a constant schedule.</summary>
    public static implicit operator LearningRateSchedule(double rate) => Constant(rate);

    /// <inheritdoc/>
    public override string ToString() => _description;

    internal static void CheckRate(double rate, string name)
    {
        if (!double.IsFinite(rate) || rate < 0)
            throw new ArgumentException($"A learning rate must be finite and >= 0; got {Show(rate)}.", name);
    }

    private static string Show(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
