using Dual.Kernels;

namespace Dual.Tests.Kernels;

/// <summary>The helper-thread loop that GEMM uses: every task exactly once, errors surface, callers may overlap.</summary>
public class SecondCoreTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1000)]
    public void Runs_every_task_exactly_once(int count)
    {
        var runs = new int[count];
        SecondCore.For(count, i => Interlocked.Increment(ref runs[i]));
        Assert.All(runs, r => Assert.Equal(1, r));
    }

    [Fact]
    public void Back_to_back_calls_each_finish_before_returning()
    {
        // The helper may still hold the previous call's last task; For must wait for it.
        for (var call = 0; call < 200; call++)
        {
            var sum = 0L;
            SecondCore.For(64, i => Interlocked.Add(ref sum, i));
            Assert.Equal(64L * 63 / 2, Interlocked.Read(ref sum));
        }
    }

    [Fact]
    public void An_exception_in_a_task_reaches_the_caller_after_the_other_tasks_ran()
    {
        var ran = 0;
        var error = Assert.Throws<InvalidOperationException>(() => SecondCore.For(50, i =>
        {
            Interlocked.Increment(ref ran);
            if (i == 7) throw new InvalidOperationException("task 7");
        }));
        Assert.Equal("task 7", error.Message);
        Assert.Equal(50, ran);
        SecondCore.For(4, _ => { }); // still usable afterwards
    }

    [Fact]
    public void Concurrent_callers_each_get_all_their_tasks_run()
    {
        var totals = new long[4];
        Parallel.For(0, totals.Length, caller =>
        {
            for (var call = 0; call < 50; call++)
                SecondCore.For(100, i => Interlocked.Add(ref totals[caller], i));
        });
        Assert.All(totals, t => Assert.Equal(50L * (100 * 99 / 2), t));
    }

    [Fact]
    public void A_task_that_calls_For_runs_its_inner_tasks_inline()
    {
        var runs = new int[8, 5];
        SecondCore.For(8, i => SecondCore.For(5, j => Interlocked.Increment(ref runs[i, j])));
        Assert.All(runs.Cast<int>(), r => Assert.Equal(1, r));
    }
    [Fact]
    public async Task The_caller_and_the_helper_thread_run_tasks_at_the_same_time()
    {
        if (!Thresholds.TwoCores)
        {
            var caller = Environment.CurrentManagedThreadId;
            var ran = new int[2];
            SecondCore.For(2, i => ran[i] = Environment.CurrentManagedThreadId);
            Assert.All(ran, id => Assert.Equal(caller, id)); // one core: the caller runs every task
            return;
        }
        // From a second calling thread, then from the test's: the gate is let go after each call, and each caller wakes
        // the same helper from its sleep every time (the gaps are far longer than the helper's polling).
        var helpers = new List<Thread>();
        // A dedicated thread (not a pool worker), whose failure reaches this test.
        helpers.AddRange(await Task.Factory.StartNew(MeetTheHelperThreeTimesInARow, CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default));
        helpers.AddRange(MeetTheHelperThreeTimesInARow());
        Assert.Equal(6, helpers.Count);
        Assert.Single(helpers.Select(t => t.ManagedThreadId).Distinct());
        Assert.Equal("Dual second core", helpers[0].Name);
        Assert.True(helpers[0].IsBackground, "the helper must not keep a finished program alive");
    }

    // Two tasks that each wait for the other can only both finish their wait if two threads run them at once: the
    // caller takes one and the helper the other. Another test class may hold the helper for a moment (then the caller
    // runs both tasks itself, as it should), so a streak of three is looked for in up to 30 calls.
    private static List<Thread> MeetTheHelperThreeTimesInARow()
    {
        var caller = Environment.CurrentManagedThreadId;
        var streak = new List<Thread>();
        for (var attempt = 0; attempt < 30 && streak.Count < 3; attempt++)
        {
            Thread.Sleep(50); // the helper goes to sleep: the call must wake it
            using var meet = new Barrier(2);
            var met = new bool[2];
            var threads = new Thread[2];
            SecondCore.For(2, i =>
            {
                threads[i] = Thread.CurrentThread;
                met[i] = meet.SignalAndWait(TimeSpan.FromMilliseconds(500));
            });
            if (met[0] && met[1] && threads.Count(t => t.ManagedThreadId == caller) == 1)
                streak.Add(threads.Single(t => t.ManagedThreadId != caller));
            else streak.Clear();
        }
        Assert.True(streak.Count == 3, "in 30 calls, the caller and the helper thread never ran two tasks at the same time three calls in a row");
        return streak;
    }
}
