using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Dual.Cli.Commands;

/// <summary>
/// Progress of a long training run: a live Spectre progress bar (running-mean loss and steps/s) when the output is
/// the terminal, and otherwise plain lines <c>step k/n loss=&lt;mean&gt; lr=&lt;lr&gt; steps/s=&lt;rate&gt;</c> for the first step,
/// about every tenth of the run, and the last step. Messages (evaluations) go above the bar, or in line.
/// </summary>
internal sealed class TrainingProgress
{
    /// <summary>How many plain progress lines a run prints at most (plus the first and the last step).</summary>
    public const int Lines = 10;

    private readonly string _task;
    private readonly int _first;
    private readonly int _last;
    private readonly int _every;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Action<string> _write;
    private readonly ProgressTask? _bar;

    private TrainingProgress(string task, int first, int last, Action<string> write, ProgressTask? bar)
    {
        (_task, _first, _last, _write, _bar) = (task, first, last, write, bar);
        _every = Math.Max(1, (last - first) / Lines);
    }

    /// <summary>
    /// Runs <paramref name="body"/> with a progress reporter for steps <paramref name="first"/> + 1 … <paramref name="last"/>
    /// (1-based step numbers; <paramref name="first"/> steps were done before, e.g. by a resumed run).
    /// </summary>
    public static T Run<T>(TextWriter stdout, string task, int first, int last, Func<TrainingProgress, T> body)
    {
        if (!Terminal.IsTerminal(stdout))
        {
            return body(new TrainingProgress(task, first, last, stdout.WriteLine, null));
        }

        var console = Terminal.Create(stdout);
        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var bar = context.AddTask(Markup.Escape($"{task}: starting"), maxValue: Math.Max(1, last - first));
                return body(new TrainingProgress(task, first, last, line => console.WriteLine(line), bar));
            });
    }

    /// <summary>Steps per second of this run so far.</summary>
    public double Rate(int step) => (step - _first) / Math.Max(1e-9, _clock.Elapsed.TotalSeconds);

    /// <summary>Reports that (1-based) step <paramref name="step"/> is done, with the running-mean loss and the learning rate it used.</summary>
    public void Step(int step, double meanLoss, double learningRate)
    {
        var rate = Rate(step);
        if (_bar is not null)
        {
            _bar.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"{_task}: step {step}/{_last} loss {meanLoss:0.0000} lr {learningRate:0.####e+0} {rate:0.0} steps/s"));
            _bar.Increment(1);
            return;
        }

        var done = step - _first;
        if (done == 1 || done % _every == 0 || step == _last)
        {
            _write(string.Create(CultureInfo.InvariantCulture,
                $"step {step}/{_last} loss={Format.Fixed(meanLoss)} lr={learningRate.ToString("G4", CultureInfo.InvariantCulture)} steps/s={rate:0.0}"));
        }
    }

    /// <summary>Runs <paramref name="work"/> (an evaluation) with the clock stopped, so steps/s counts training steps only.</summary>
    public T Untimed<T>(Func<T> work)
    {
        _clock.Stop();
        try
        {
            return work();
        }
        finally
        {
            _clock.Start();
        }
    }

    /// <summary>Writes a message (an evaluation, a sample) above the bar or in line.</summary>
    public void Message(string line) => _write(line);
}
