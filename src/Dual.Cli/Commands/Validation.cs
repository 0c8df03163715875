using System.CommandLine;
using System.CommandLine.Parsing;

namespace Dual.Cli.Commands;

/// <summary>Option validators shared by the commands; their errors become usage errors (exit 2).</summary>
internal static class Validation
{
    /// <summary>Rejects NaN and infinities.</summary>
    public static Option<double> Finite(this Option<double> option)
    {
        option.Validators.Add(result =>
        {
            if (TryGetValue(result, out double value) && !double.IsFinite(value))
            {
                result.AddError($"Option '{option.Name}' must be a finite number, got {Format.R(value)}.");
            }
        });
        return option;
    }

    /// <summary>Rejects NaN, infinities and negative numbers.</summary>
    public static Option<double> FiniteNonNegative(this Option<double> option)
    {
        option.Validators.Add(result =>
        {
            if (TryGetValue(result, out double value) && (!double.IsFinite(value) || value < 0))
            {
                result.AddError($"Option '{option.Name}' must be a finite number >= 0, got {Format.R(value)}.");
            }
        });
        return option;
    }

    /// <summary>Rejects negative integers.</summary>
    public static Option<int> NonNegative(this Option<int> option)
    {
        option.Validators.Add(result =>
        {
            if (TryGetValue(result, out int value) && value < 0)
            {
                result.AddError($"Option '{option.Name}' must be >= 0, got {value}.");
            }
        });
        return option;
    }

    /// <summary>Rejects numbers below 1 (when the option is given).</summary>
    public static Option<int?> Positive(this Option<int?> option)
    {
        option.Validators.Add(result =>
        {
            if (TryGetValue(result, out int? value) && value is < 1)
            {
                result.AddError($"Option '{option.Name}' must be >= 1, got {value}.");
            }
        });
        return option;
    }

    /// <summary>Rejects numbers above <paramref name="max"/> (when the option is given): a documented limit instead of running out of memory.</summary>
    public static Option<int?> AtMost(this Option<int?> option, int max)
    {
        option.Validators.Add(result =>
        {
            if (TryGetValue(result, out int? value) && value > max)
            {
                result.AddError(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Option '{option.Name}' must be at most {max}, got {value}."));
            }
        });
        return option;
    }

    /// <summary>Rejects NaN, infinities, zero and negative numbers (when the option is given).</summary>
    public static Option<double?> FinitePositive(this Option<double?> option)
    {
        option.Validators.Add(result =>
        {
            if (TryGetValue(result, out double? value) && value is { } v && (!double.IsFinite(v) || v <= 0))
            {
                result.AddError($"Option '{option.Name}' must be a finite number > 0, got {Format.R(v)}.");
            }
        });
        return option;
    }

    // Validators also run when the text did not convert (e.g. `--lr abc`); System.CommandLine has
    // already reported that error, and reading the value would throw, so skip the range check.
    private static bool TryGetValue<T>(OptionResult result, out T value)
    {
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default!;
            return false;
        }
    }
}
