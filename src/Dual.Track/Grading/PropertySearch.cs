using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace Dual.Track.Grading;

/// <summary>
/// Runs one check as an FsCheck property with a fixed seed (the same cases on every run and every machine), and when a
/// case fails, returns the smallest failing case FsCheck shrank it to, with the grader's explanation of that case.
/// </summary>
internal static class PropertySearch
{
    /// <summary>The fixed seed of every grader; a failure replays exactly.</summary>
    public const ulong Seed = 20261207UL;

    /// <summary>Cases tried per check before calling it passed.</summary>
    public const int DefaultCases = 100;

    private static readonly Replay Replay = new(new Rnd(Seed, 0x9E3779B97F4A7C15UL), FSharpOption<int>.None);

    /// <summary>
    /// Checks <paramref name="test"/> (null = the case is right) on cases drawn from <paramref name="gen"/>. A TODO in
    /// the learner's code makes the result <see cref="CheckStatus.Todo"/>; an exception is a failure of that case.
    /// </summary>
    public static CheckResult Run<T>(
        string name,
        Gen<T> gen,
        Func<T, IEnumerable<T>> shrink,
        Func<T, string> describe,
        Func<T, Mismatch?> test,
        string passMessage,
        int cases = DefaultCases,
        string? exceptionHint = null)
    {
        string? todo = null;
        OutOfMemoryException? outOfMemory = null;
        var failed = false;
        T lastFailing = default!;

        Mismatch? Evaluate(T value)
        {
            try
            {
                return test(value);
            }
            catch (NotWrittenYetException e)
            {
                todo ??= e.What;
                return null;
            }
            catch (OutOfMemoryException e)
            {
                // Not a wrong answer: the whole check stops (FsCheck would count it as one failing case and go on).
                outOfMemory ??= e;
                return null;
            }
            catch (Exception e)
            {
                return Mismatch.Threw(e, name, exceptionHint);
            }
        }

        bool Holds(T value)
        {
            if (todo is not null || outOfMemory is not null || Evaluate(value) is null)
            {
                return true;
            }

            // FsCheck keeps shrinking from the last case that failed, so the last failure seen is the shrunk one.
            failed = true;
            lastFailing = value;
            return false;
        }

        var config = Config.Quick.WithMaxTest(cases).WithReplay(FSharpOption<Replay>.Some(Replay)).WithRunner(new SilentRunner());
        Check.One(config, Prop.ForAll(Arb.From(gen, shrink), (Func<T, bool>)Holds));

        if (outOfMemory is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(outOfMemory);
        }

        if (todo is not null)
        {
            return CheckResult.NotWritten(name, todo);
        }

        if (!failed)
        {
            return CheckResult.Pass(name, passMessage);
        }

        var mismatch = Evaluate(lastFailing) ?? new Mismatch("the case failed once and passed when run again: does your code keep state between calls?");
        return new CheckResult(name, CheckStatus.Failed, mismatch.Message)
        {
            Input = describe(lastFailing),
            Where = mismatch.Where,
            Expected = mismatch.Expected,
            Got = mismatch.Got,
            Hint = mismatch.Hint,
        };
    }
}
