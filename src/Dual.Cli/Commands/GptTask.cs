using Dual.Models;

namespace Dual.Cli.Commands;

/// <summary>
/// One configuration of the GPT pipeline (<see cref="GptTraining"/>): its defaults, how it reads its data, and the few
/// things it prints its own way. <see cref="NamesTraining"/> (microgpt) and <see cref="ShakespeareTraining"/> (B5).
/// </summary>
internal abstract class GptTask
{
    /// <summary>The data set's name, also the task saved in checkpoints.</summary>
    public abstract string Name { get; }

    /// <summary>The default seed.</summary>
    public abstract int DefaultSeed { get; }

    /// <summary>The default number of steps.</summary>
    public abstract int DefaultSteps { get; }

    /// <summary>The default peak learning rate.</summary>
    public abstract double DefaultLearningRate { get; }

    /// <summary>Whether the schedule has a warm-up (saved as <c>warmup_steps</c>).</summary>
    public abstract bool HasWarmup { get; }

    /// <summary>The schedule of a fresh run of <paramref name="steps"/> steps.</summary>
    public abstract GptSchedule NewSchedule(int seed, double peak, int steps);

    /// <summary>The default number of steps between evaluations.</summary>
    public abstract int DefaultEvalEvery(int steps, int end);

    /// <summary>Reads the data (the user's <paramref name="options"/>.Data, the checkpoint's, or the bundled set) and builds the model and its optimizer.</summary>
    /// <exception cref="RunFailure">The data cannot be used (the message names the file and the problem).</exception>
    public abstract GptRun Prepare(GptTrainOptions options, GptCheckpoint? resumed, GptSchedule schedule);
}

/// <summary>One run of a <see cref="GptTask"/>, set up: the model, its data and optimizer, and the task's own print-outs.</summary>
internal abstract class GptRun
{
    /// <summary>The model's configuration.</summary>
    public abstract GptConfig Config { get; }

    /// <summary>The tokenizer (the checkpoint's on resume).</summary>
    public abstract CharTokenizer Tokenizer { get; }

    /// <summary>The number of parameters.</summary>
    public abstract long ParameterCount { get; }

    /// <summary>The optimizer.</summary>
    public abstract IOptimizer Optimizer { get; }

    /// <summary>Settings saved besides the schedule (the data's source).</summary>
    public abstract IReadOnlyDictionary<string, string> DataSettings { get; }

    /// <summary>The first line: the model and the data.</summary>
    public abstract string Header { get; }

    /// <summary>How a fresh run's weights are made, for the second line.</summary>
    public abstract string InitDescription(int seed);

    /// <summary>What one step trains on, for the third line (<c>one name per step</c>).</summary>
    public abstract string StepDescription { get; }

    /// <summary>The title of the plot.</summary>
    public abstract string PlotTitle { get; }

    /// <summary>A fresh run's initial weights.</summary>
    public abstract Params InitialParameters(int seed);

    /// <summary>A training session from <paramref name="parameters"/> and <paramref name="state"/>.</summary>
    public TrainingSession Session(Params parameters, OptimizerState state) => new(Optimizer, parameters, state);

    /// <summary>Step <paramref name="k"/> (0-based) of <paramref name="session"/>.</summary>
    public abstract TrainingStep Step(TrainingSession session, int k);

    /// <summary>The validation loss at <paramref name="parameters"/>.</summary>
    public abstract double Evaluate(Params parameters);

    /// <summary>Called after each step with its loss (names compares it with microgpt's golden trace).</summary>
    public virtual void AfterStep(int k, double loss)
    {
    }

    /// <summary>Called after each evaluation during the run (shakespeare prints a sample).</summary>
    public virtual void AfterEvaluation(Action<string> message, Params parameters, int seed)
    {
    }

    /// <summary>The lines after training, before saving: the final evaluation and samples, the task's way.</summary>
    public abstract void Report(TextWriter stdout, GptRunSummary summary);
}

/// <summary>What the pipeline hands to <see cref="GptRun.Report"/>.</summary>
/// <param name="Start">Steps done before this run.</param>
/// <param name="End">Steps done after it.</param>
/// <param name="LastLoss">The last step's loss.</param>
/// <param name="RunningLoss">The mean of the last <see cref="GptTrainOptions.LossWindow"/> steps' losses.</param>
/// <param name="ValidationLoss">The validation loss after the last step.</param>
/// <param name="Parameters">The trained weights.</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="MedianStepMilliseconds">The median time of a training step.</param>
/// <param name="StepCount">The steps this run made.</param>
internal sealed record GptRunSummary(
    int Start, int End, double LastLoss, double RunningLoss, double ValidationLoss, Params Parameters, int Seed, double MedianStepMilliseconds, int StepCount);
