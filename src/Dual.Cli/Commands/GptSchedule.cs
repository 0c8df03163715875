using System.Globalization;
using Dual.Models;

namespace Dual.Cli.Commands;

/// <summary>
/// What fixes a GPT run's trajectory besides its data: the seed, the peak learning rate, the warm-up and the number of
/// steps the learning rate decays over. Saved in the checkpoint's settings and reused unchanged on resume, so a resumed
/// run follows the schedule it started with; steps past <see cref="DecaySteps"/> keep the schedule's final learning rate.
/// </summary>
/// <param name="Seed">Seed of the initial weights, the batches and the samples.</param>
/// <param name="PeakLearningRate">The learning rate at its peak.</param>
/// <param name="WarmupSteps">Steps of linear warm-up (0: none).</param>
/// <param name="DecaySteps">The step at which the decay ends.</param>
internal sealed record GptSchedule(int Seed, double PeakLearningRate, int WarmupSteps, int DecaySteps)
{
    /// <summary>The schedule saved in <paramref name="checkpoint"/>'s settings (<c>seed</c>, <c>lr</c>, <c>decay_steps</c>, and <c>warmup_steps</c> if <paramref name="withWarmup"/>).</summary>
    /// <exception cref="CheckpointException">A setting is missing or out of range (the message names it).</exception>
    public static GptSchedule Of(GptCheckpoint checkpoint, bool withWarmup)
    {
        var seed = checkpoint.IntSetting("seed");
        var lr = checkpoint.DoubleSetting("lr");
        if (!(double.IsFinite(lr) && lr > 0))
            throw new CheckpointException($"the checkpoint's setting 'lr' is {Format.R(lr)}; a learning rate must be finite and > 0.");
        var decay = checkpoint.IntSetting("decay_steps");
        if (decay < 1) throw new CheckpointException(string.Create(CultureInfo.InvariantCulture, $"the checkpoint's setting 'decay_steps' is {decay}; it must be >= 1."));
        var warmup = withWarmup ? checkpoint.IntSetting("warmup_steps") : 0;
        if (warmup < 0 || warmup > decay)
            throw new CheckpointException(string.Create(CultureInfo.InvariantCulture, $"the checkpoint's setting 'warmup_steps' is {warmup}; it must be between 0 and decay_steps ({decay})."));
        return new GptSchedule(seed, lr, warmup, decay);
    }

    /// <summary>The settings to save (<c>warmup_steps</c> only if <paramref name="withWarmup"/>).</summary>
    public Dictionary<string, string> Settings(bool withWarmup)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["seed"] = Seed.ToString(CultureInfo.InvariantCulture),
            ["lr"] = Format.R(PeakLearningRate),
            ["decay_steps"] = DecaySteps.ToString(CultureInfo.InvariantCulture),
        };
        if (withWarmup) settings["warmup_steps"] = WarmupSteps.ToString(CultureInfo.InvariantCulture);
        return settings;
    }
}
